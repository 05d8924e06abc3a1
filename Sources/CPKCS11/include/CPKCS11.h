// PKCS#11 (Cryptoki) types and constants, from p11-kit's pkcs11.h (Debian package libp11-kit-dev).
// Modules are loaded at run time with dlopen; nothing here links against a module.
#ifndef RAMPART_CPKCS11_H
#define RAMPART_CPKCS11_H
#include <p11-kit-1/p11-kit/pkcs11.h>
#endif
