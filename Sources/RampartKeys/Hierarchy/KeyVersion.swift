public import Foundation

/// One version of a Rampart key: the key of a tenant's owner (`tenant`, `workload:NAME`, `model:NAME`,
/// `subject:ID`) for one purpose, held by one or more providers.
public struct KeyVersion: Sendable, Hashable {
    public var tenant: String
    public var owner: String
    public var purpose: String
    public var version: Int
    /// The provider keys that stand for this version (two for a hybrid tenant).
    public var copies: [KeyReference]
    public var rotationDays: Int
    public var created: Date
    public var retired: Date?
    public var destroyed: Date?

    public init(tenant: String, owner: String, purpose: String, version: Int, copies: [KeyReference], rotationDays: Int, created: Date,
                retired: Date? = nil, destroyed: Date? = nil) {
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
        self.version = version
        self.copies = copies
        self.rotationDays = rotationDays
        self.created = created
        self.retired = retired
        self.destroyed = destroyed
    }

    /// Whole days since the version was made.
    public func ageDays(at now: Date) -> Int { Int(now.timeIntervalSince(created) / 86_400) }

    /// A version in use past its rotation period.
    public func isOverdue(at now: Date) -> Bool { retired == nil && destroyed == nil && ageDays(at: now) >= rotationDays }
}
