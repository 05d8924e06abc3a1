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

    /// Which key this is a version of.
    public var name: KeyName { KeyName(tenant: tenant, owner: owner, purpose: purpose) }

    /// The newest version of each key among `versions`, in the order the keys first appear.
    public static func newest(of versions: [KeyVersion]) -> [KeyVersion] {
        var order: [KeyName] = []
        var newest: [KeyName: KeyVersion] = [:]
        for version in versions {
            if let seen = newest[version.name] {
                if version.version > seen.version { newest[version.name] = version }
            } else {
                order.append(version.name)
                newest[version.name] = version
            }
        }
        return order.compactMap { newest[$0] }
    }

    /// Whole days since the version was made.
    public func ageDays(at now: Date) -> Int { Int(now.timeIntervalSince(created) / 86_400) }

    /// A version in use past its rotation period.
    public func isOverdue(at now: Date) -> Bool { retired == nil && destroyed == nil && ageDays(at: now) >= rotationDays }
}

/// A Rampart key, apart from its versions: a tenant's owner and purpose.
public struct KeyName: Sendable, Hashable, CustomStringConvertible {
    public var tenant: String
    public var owner: String
    public var purpose: String

    public init(tenant: String, owner: String, purpose: String) {
        self.tenant = tenant
        self.owner = owner
        self.purpose = purpose
    }

    public var description: String { "\(tenant)/\(owner)/\(purpose)" }
}
