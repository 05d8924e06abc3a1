import Foundation
import RampartCore
import RampartIdentity
import RampartPolicy
import RampartStorage

/// The demo's callers: three applications in tenant `demo`, with different clearances and grants, each given a
/// fresh API key (keys are shown once; the demo keeps them only in memory).
struct DemoIdentities {
    var app: String
    var hr: String
    var kiosk: String
    var kioskID: String
    var summary: [String]

    static func issue(context: RampartContext, database: Database) async throws -> DemoIdentities {
        let (principals, apiKeys, _) = try IdentityAssembly.stores(context: context, database: database)
        let people: [Principal] = [
            Principal(id: "demo-app", tenant: "demo", kind: .application, roles: ["application"],
                      attributes: PrincipalAttributes(clearance: .internal, workloads: ["internal-assistant"])),
            Principal(id: "hr-app", tenant: "demo", kind: .application, roles: ["application"], groups: ["hr"],
                      attributes: PrincipalAttributes(clearance: .restricted, workloads: ["internal-assistant", "hr-assistant"])),
            Principal(id: "kiosk", tenant: "demo", kind: .application, roles: ["application"],
                      attributes: PrincipalAttributes(clearance: .public, workloads: ["internal-assistant"])),
        ]
        var keys: [String: (key: String, id: String)] = [:]
        var summary: [String] = []
        for principal in people {
            if try await principals.principal(id: principal.id) == nil { try await principals.create(principal) }
            let (key, record) = try await apiKeys.create(for: principal.id, name: "demo", expiresAt: context.clock.now.addingTimeInterval(3600))
            keys[principal.id] = (key, record.id)
            summary.append("\(principal.id.padding(toLength: 9, withPad: " ", startingAt: 0)) clearance \(principal.attributes.clearance.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) workloads \(principal.attributes.workloads.sorted().joined(separator: ", ")); key \(record.id)… (stored as HMAC-SHA256 only)")
        }
        return DemoIdentities(app: keys["demo-app"]!.key, hr: keys["hr-app"]!.key, kiosk: keys["kiosk"]!.key, kioskID: keys["kiosk"]!.id,
                              summary: summary)
    }
}
