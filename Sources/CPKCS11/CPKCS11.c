// The PKCS#11 declarations live in the header; this file only makes the target a C library.
#include "CPKCS11.h"
