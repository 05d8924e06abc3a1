import CPKCS11
public import Crypto
import Foundation
import RampartCore

/// An HSM through PKCS#11 (tested with SoftHSM2): key-encryption keys are AES-256 keys generated in the token,
/// sensitive and never extractable; data keys are wrapped inside the token with AES-GCM, the context as associated
/// data. The module is loaded with `dlopen`; one logged-in session per provider serves its calls.
///
/// Calls into PKCS#11 are made one at a time in the whole process, whichever provider makes them: modules are
/// initialised once per process, and SoftHSM2's token store answers `CKR_GENERAL_ERROR` when one session searches
/// while another creates objects. Key-encryption-key calls are rare (data keys are cached above this), so the
/// order costs little. The module is also told it may be called from several threads (`CKF_OS_LOCKING_OK`):
/// initialised without arguments, SoftHSM2 turns its own locks off, and concurrent providers corrupted its maps.
public final class PKCS11Provider: KeyProvider, @unchecked Sendable {
    public let kind = "pkcs11"
    let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    let session: CK_SESSION_HANDLE
    /// One PKCS#11 call at a time in the process (see the type's documentation).
    static let calls = NSLock()
    let token: String

    /// Opens a session on the token labelled `token` in the module at `module`, logged in with `pin`.
    public init(module: String, token: String, pin: String) throws(KeyError) {
        self.token = token
        Self.calls.lock()
        defer { Self.calls.unlock() }
        guard let library = dlopen(module, RTLD_NOW) else {
            throw KeyError(.providerUnavailable, "cannot load the PKCS#11 module \(module): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(library, "C_GetFunctionList") else { throw KeyError(.providerUnavailable, "\(module) is not a PKCS#11 module") }
        let getFunctionList = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        guard getFunctionList(&list) == CKR_OK, let list else { throw KeyError(.providerUnavailable, "\(module) gave no function list") }
        functions = list
        var arguments = CK_C_INITIALIZE_ARGS(
            CreateMutex: nil, DestroyMutex: nil, LockMutex: nil, UnlockMutex: nil, flags: CK_FLAGS(CKF_OS_LOCKING_OK), pReserved: nil)
        let initialized = list.pointee.C_Initialize(&arguments)
        guard initialized == CKR_OK || initialized == CKR_CRYPTOKI_ALREADY_INITIALIZED else {
            throw KeyError(.providerUnavailable, "C_Initialize failed: \(Self.name(initialized))")
        }
        var count: CK_ULONG = 0
        _ = list.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), nil, &count)
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        _ = list.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), &slots, &count)
        var found: CK_SLOT_ID?
        for slot in slots.prefix(Int(count)) {
            var info = CK_TOKEN_INFO()
            guard list.pointee.C_GetTokenInfo(slot, &info) == CKR_OK else { continue }
            let label = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }.trimmingCharacters(in: .whitespaces)
            if label == token { found = slot }
        }
        guard let slot = found else { throw KeyError(.keyNotFound, "no PKCS#11 token labelled '\(token)' in \(module)") }
        var session: CK_SESSION_HANDLE = 0
        let opened = list.pointee.C_OpenSession(slot, CK_FLAGS(CKF_SERIAL_SESSION | CKF_RW_SESSION), nil, nil, &session)
        guard opened == CKR_OK else { throw KeyError(.providerUnavailable, "C_OpenSession on '\(token)' failed: \(Self.name(opened))") }
        var pinBytes = Array(pin.utf8)
        let login = list.pointee.C_Login(session, CK_USER_TYPE(CKU_USER), &pinBytes, CK_ULONG(pinBytes.count))
        guard login == CKR_OK || login == CKR_USER_ALREADY_LOGGED_IN else {
            _ = list.pointee.C_CloseSession(session)
            throw KeyError(login == CKR_PIN_INCORRECT ? .wrongPassphrase : .providerRefused, "logging in to '\(token)' failed: \(Self.name(login))")
        }
        self.session = session
    }

    deinit {
        Self.calls.lock()
        defer { Self.calls.unlock() }
        _ = functions.pointee.C_CloseSession(session)
    }

    /// Runs `body` as the process's one PKCS#11 call in progress.
    func locked<T>(_ body: () throws(KeyError) -> T) throws(KeyError) -> T {
        Self.calls.lock()
        defer { Self.calls.unlock() }
        return try body()
    }

    public func createKey(label: String) throws(KeyError) -> String {
        let id = Hex.random(bytes: 16)
        try locked { () throws(KeyError) in
            var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_AES_KEY_GEN), pParameter: nil, ulParameterLen: 0)
            var handle: CK_OBJECT_HANDLE = 0
            let result = Attributes.with([
                .ulong(CKA_CLASS, CKO_SECRET_KEY), .ulong(CKA_KEY_TYPE, CKK_AES), .ulong(CKA_VALUE_LEN, 32),
                .bool(CKA_TOKEN, true), .bool(CKA_PRIVATE, true), .bool(CKA_SENSITIVE, true), .bool(CKA_EXTRACTABLE, false),
                .bool(CKA_ENCRYPT, true), .bool(CKA_DECRYPT, true), .bool(CKA_WRAP, false), .bool(CKA_UNWRAP, false),
                .bytes(CKA_LABEL, Array(label.utf8)), .bytes(CKA_ID, Array(id.utf8)),
            ]) { template, count in functions.pointee.C_GenerateKey(session, &mechanism, template, count, &handle) }
            guard result == CKR_OK else { throw KeyError(.providerRefused, "C_GenerateKey in '\(token)' failed: \(Self.name(result))") }
        }
        return id
    }

    public func wrap(_ dataKey: SymmetricKey, keyID: String, context: EncryptionContext) throws(KeyError) -> [UInt8] {
        try locked { () throws(KeyError) -> [UInt8] in
            let key = try find(keyID)
            let iv = (0..<12).map { _ in UInt8.random(in: 0...255) }
            var plain = dataKey.withUnsafeBytes { Array($0) }
            var out = [UInt8](repeating: 0, count: plain.count + 16)
            var length = CK_ULONG(out.count)
            let result = gcm(iv: iv, aad: context.encoded, key: key, encrypt: true) {
                functions.pointee.C_Encrypt(session, &plain, CK_ULONG(plain.count), &out, &length)
            }
            guard result == CKR_OK else { throw KeyError(.providerRefused, "C_Encrypt with \(keyID) failed: \(Self.name(result))") }
            return iv + out.prefix(Int(length))
        }
    }

    public func unwrap(_ wrapped: [UInt8], keyID: String, context: EncryptionContext) throws(KeyError) -> SymmetricKey {
        try locked { () throws(KeyError) -> SymmetricKey in
            let key = try find(keyID)
            guard wrapped.count == 12 + 32 + 16 else {
                throw KeyError(.authenticationFailed, "a wrapped data key for \(keyID) has the wrong length (altered or cut)")
            }
            var body = Array(wrapped.dropFirst(12))
            var out = [UInt8](repeating: 0, count: body.count)
            var length = CK_ULONG(out.count)
            let result = gcm(iv: Array(wrapped.prefix(12)), aad: context.encoded, key: key, encrypt: false) {
                functions.pointee.C_Decrypt(session, &body, CK_ULONG(body.count), &out, &length)
            }
            guard result == CKR_OK, length == 32 else {
                throw KeyError(.authenticationFailed, "a data key does not unwrap under \(keyID) in this context (another key or context, or altered)")
            }
            return SymmetricKey(data: out.prefix(32))
        }
    }

    public func destroyKey(_ keyID: String) throws(KeyError) {
        try locked { () throws(KeyError) in
            let key = try find(keyID)
            let result = functions.pointee.C_DestroyObject(session, key)
            guard result == CKR_OK else { throw KeyError(.providerRefused, "C_DestroyObject for \(keyID) failed: \(Self.name(result))") }
            // A tombstone, so later use says "destroyed" rather than "unknown".
            var handle: CK_OBJECT_HANDLE = 0
            _ = Attributes.with([
                .ulong(CKA_CLASS, CKO_DATA), .bool(CKA_TOKEN, true), .bytes(CKA_LABEL, Array("rampart-destroyed:\(keyID)".utf8)),
            ]) { template, count in functions.pointee.C_CreateObject(session, template, count, &handle) }
        }
    }

    /// The key with CKA_ID `keyID`; a tombstone makes it `keyDestroyed`, nothing at all `keyNotFound`.
    func find(_ keyID: String) throws(KeyError) -> CK_OBJECT_HANDLE {
        if let key = try search([.ulong(CKA_CLASS, CKO_SECRET_KEY), .bytes(CKA_ID, Array(keyID.utf8))]) { return key }
        if try search([.ulong(CKA_CLASS, CKO_DATA), .bytes(CKA_LABEL, Array("rampart-destroyed:\(keyID)".utf8))]) != nil {
            throw KeyError(.keyDestroyed, "the key \(keyID) in '\(token)' was destroyed")
        }
        throw KeyError(.keyNotFound, "no key \(keyID) in the token '\(token)'")
    }

    func search(_ attributes: [Attributes.Value]) throws(KeyError) -> CK_OBJECT_HANDLE? {
        let started = Attributes.with(attributes) { template, count in functions.pointee.C_FindObjectsInit(session, template, count) }
        guard started == CKR_OK else { throw KeyError(.providerRefused, "C_FindObjectsInit failed: \(Self.name(started))") }
        var handle: CK_OBJECT_HANDLE = 0
        var found: CK_ULONG = 0
        _ = functions.pointee.C_FindObjects(session, &handle, 1, &found)
        _ = functions.pointee.C_FindObjectsFinal(session)
        return found == 1 ? handle : nil
    }

    /// Starts an AES-GCM operation (128-bit tag) and runs `operation`.
    func gcm(iv: [UInt8], aad: [UInt8], key: CK_OBJECT_HANDLE, encrypt: Bool, _ operation: () -> CK_RV) -> CK_RV {
        var iv = iv, aad = aad
        return iv.withUnsafeMutableBufferPointer { ivBuffer in
            aad.withUnsafeMutableBufferPointer { aadBuffer in
                var parameters = CK_GCM_PARAMS(pIv: ivBuffer.baseAddress, ulIvLen: CK_ULONG(ivBuffer.count), ulIvBits: CK_ULONG(ivBuffer.count * 8),
                                               pAAD: aadBuffer.baseAddress, ulAADLen: CK_ULONG(aadBuffer.count), ulTagBits: 128)
                return withUnsafeMutablePointer(to: &parameters) { pointer in
                    var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_AES_GCM), pParameter: pointer,
                                                 ulParameterLen: CK_ULONG(MemoryLayout<CK_GCM_PARAMS>.size))
                    let started = encrypt ? functions.pointee.C_EncryptInit(session, &mechanism, key)
                        : functions.pointee.C_DecryptInit(session, &mechanism, key)
                    return started == CKR_OK ? operation() : started
                }
            }
        }
    }

    static func name(_ value: CK_RV) -> String { "CKR 0x" + String(value, radix: 16) }
}

/// Attribute templates with their values kept alive for the length of one call.
enum Attributes {
    enum Value {
        case ulong(UInt, UInt)
        case bool(UInt, Bool)
        case bytes(UInt, [UInt8])
    }

    static func with<R>(_ values: [Value], _ body: (UnsafeMutablePointer<CK_ATTRIBUTE>, CK_ULONG) -> R) -> R {
        // Each value in memory of its own, freed after the call.
        var buffers: [UnsafeMutableRawBufferPointer] = []
        defer { for buffer in buffers { buffer.deallocate() } }
        var template: [CK_ATTRIBUTE] = []
        for value in values {
            let (type, bytes): (UInt, [UInt8]) = switch value {
            case .ulong(let type, let number): (type, withUnsafeBytes(of: CK_ULONG(number)) { Array($0) })
            case .bool(let type, let flag): (type, [flag ? 1 : 0])
            case .bytes(let type, let bytes): (type, bytes)
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: MemoryLayout<CK_ULONG>.alignment)
            buffer.copyBytes(from: bytes)
            buffers.append(buffer)
            template.append(CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(type), pValue: buffer.baseAddress, ulValueLen: CK_ULONG(bytes.count)))
        }
        return template.withUnsafeMutableBufferPointer { body($0.baseAddress!, CK_ULONG($0.count)) }
    }
}
