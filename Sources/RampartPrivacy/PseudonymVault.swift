import Crypto
public import Foundation
import RampartCore
public import RampartKeys
public import RampartStorage
import SQLKit

/// Reversible pseudonyms for personal data: a value leaving for a model becomes a token such as
/// `[EMAIL_ADDRESS:7QX2M9KD]`, and the value is kept as an envelope under the tenant's vault key (owner `tenant`,
/// purpose `vault`, bound to the token) until its time to live ends. Tokens are deterministic per tenant and value
/// (an HMAC under a key derived from the server secret), so a conversation refers to one person by one token; a token
/// reveals nothing without the vault.
public struct PseudonymVault: Sendable {
    /// How long a token can be revealed after it was last issued, unless told otherwise: a day.
    public static let defaultTimeToLive: TimeInterval = 86_400

    let database: Database
    let secret: SymmetricKey
    /// The key hierarchy, acting as Rampart itself.
    let keys: KeyHierarchy
    let timeToLive: TimeInterval
    let now: @Sendable () -> Date

    public init(database: Database, secret: [UInt8], keys: KeyHierarchy, timeToLive: TimeInterval = PseudonymVault.defaultTimeToLive,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.secret = SymmetricKey(data: secret)
        self.keys = keys.acting(as: .rampart)
        self.timeToLive = timeToLive
        self.now = now
    }

    /// The vault's records, for a rewrap.
    public var records: some SealedRecords { VaultRecords(database: database) }

    /// The records of the vault in `database`, for a rewrap.
    public static func records(in database: Database) -> some SealedRecords { VaultRecords(database: database) }

    func key(for tenant: String, purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, salt: Array("rampart-pseudonyms".utf8), info: Array("\(purpose)\u{0}\(tenant)".utf8),
                               outputByteCount: 32)
    }

    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    /// The token for a value; stores the sealed value (or extends its life) so it can be revealed later.
    public func pseudonym(for value: String, type: String, tenant: String) async throws -> String {
        let token = token(for: value, type: type, tenant: tenant)
        let sealed = try await keys.seal(Array(value.utf8), tenant: tenant, owner: "tenant", purpose: "vault", objectID: token)
        let version = try EnvelopeHeader.parse(sealed, kind: EnvelopeHeader.envelopeKind, what: token).0.keyVersion
        let created = now()
        let expires = StoredDate.text(created.addingTimeInterval(timeToLive))
        try await database.transaction { sql in
            let updated = try await sql.update("pseudonyms").set("expires_at", to: expires)
                .where("tenant", .equal, tenant).where("token", .equal, token).returning("token").all()
            if updated.isEmpty {
                try await sql.insert(into: "pseudonyms").columns("token", "tenant", "type", "sealed", "key_version", "created_at", "expires_at")
                    .values(SQLBind(token), SQLBind(tenant), SQLBind(type), SQLBind(Data(sealed)), SQLBind(version), SQLBind(StoredDate.text(created)),
                            SQLBind(expires))
                    .run()
            }
        }
        return token
    }

    /// The values of the tokens that are still in the vault for this tenant (expired, erased or foreign ones are not).
    /// A value that does not open (altered, or its key retired or destroyed) is left out; an unreachable provider is an
    /// error.
    public func reveal(_ tokens: Set<String>, tenant: String) async throws -> [String: String] {
        guard !tokens.isEmpty else { return [:] }
        let current = StoredDate.text(now())
        let rows = try await database.withConnection { sql in
            try await sql.select().columns("token", "sealed").from("pseudonyms").where("tenant", .equal, tenant)
                .where("token", .in, Array(tokens)).where("expires_at", .greaterThan, current).all()
        }
        var values: [String: String] = [:]
        for row in rows {
            let token = try row.decode(column: "token", as: String.self)
            let sealed = try row.decode(column: "sealed", as: Data.self)
            do {
                let plain = try await keys.open(Array(sealed), tenant: tenant, owner: "tenant", purpose: "vault", objectID: token)
                values[token] = String(decoding: plain, as: UTF8.self)
            } catch where error.code == .providerUnavailable || error.code == .storage || error.code == .accessDenied {
                throw error
            } catch {
                continue
            }
        }
        return values
    }

    /// The token of a value: the same for the same tenant, type and value, and nothing about the value without the key.
    func token(for value: String, type: String, tenant: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(type)\u{0}\(value)".utf8), using: key(for: tenant, purpose: "token"))
        let id = String(decoding: Array(mac).prefix(8).map { Self.alphabet[Int($0) % Self.alphabet.count] }, as: UTF8.self)
        return "[\(type):\(id)]"
    }

    /// Erasure: deletes the tenant's entries for these values, whatever type the detectors found them as (the
    /// tokens are recomputed, so nothing is decrypted to find them). Returns how many entries were deleted.
    public func erase(values: [String], tenant: String) async throws -> Int {
        guard !values.isEmpty else { return 0 }
        return try await database.transaction { sql in
            let types = try await sql.select().distinct().column("type").from("pseudonyms").where("tenant", .equal, tenant).all()
                .map { try $0.decode(column: "type", as: String.self) }
            let tokens = types.flatMap { type in values.map { token(for: $0, type: type, tenant: tenant) } }
            guard !tokens.isEmpty else { return 0 }
            return try await sql.delete(from: "pseudonyms").where("tenant", .equal, tenant).where("token", .in, tokens).returning("token").all().count
        }
    }

    /// Deletes tokens past their time to live; returns how many.
    public func purgeExpired() async throws -> Int {
        let current = StoredDate.text(now())
        return try await database.transaction { sql in
            try await sql.delete(from: "pseudonyms").where("expires_at", .lessThanOrEqual, current).returning("token").all().count
        }
    }

    /// Finds the tokens in a text: `[TYPE:XXXXXXXX]` with an upper-case type and 8 characters of the token alphabet.
    public static func tokens(in text: String) -> Set<String> {
        var found: Set<String> = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "[") else { i += 1; continue }
            var j = i + 1
            while j < bytes.count, j - i < 40, (65...90).contains(bytes[j]) || bytes[j] == UInt8(ascii: "_") { j += 1 }
            guard j > i + 1, j + 10 <= bytes.count, bytes[j] == UInt8(ascii: ":"),
                  (1...8).allSatisfy({ alphabet.contains(bytes[j + $0]) }), bytes[j + 9] == UInt8(ascii: "]")
            else { i += 1; continue }
            found.insert(String(decoding: bytes[i...(j + 9)], as: UTF8.self))
            i = j + 10
        }
        return found
    }
}
