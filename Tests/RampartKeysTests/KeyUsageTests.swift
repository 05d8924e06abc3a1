import Crypto
import Foundation
import RampartKeys
import RampartStorage
import RampartTestSupport
import Synchronization
import Testing

/// Every seal, open, rotation and shred is a key-usage event; repeated failed opens of one key raise a finding.
@Suite struct KeyUsageTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func failedOpen(_ seconds: TimeInterval, owner: String = "model:m", code: KeyError.Code = .authenticationFailed) -> KeyUsageEvent {
        KeyUsageEvent(operation: .open, tenant: "acme", owner: owner, purpose: "logs", version: 1, objectID: "o", outcome: .failure(code),
                      at: start.addingTimeInterval(seconds))
    }

    @Test func theFifthFailedOpenWithinTheWindowIsAFindingOnce() {
        var window = UnwrapFailureWindow(threshold: 5, window: 300)
        let findings = (0..<8).map { window.record(Self.failedOpen(Double($0) * 10)) }
        #expect(findings.map { $0 != nil } == [false, false, false, false, true, false, false, false])
        #expect(findings[4]?.failures == 5)
        #expect(findings[4]?.key == "acme/model:m/logs")
    }

    @Test func failuresOutsideTheWindowOtherKeysAndOutagesDoNotCount() {
        var window = UnwrapFailureWindow(threshold: 3, window: 60)
        #expect(window.record(Self.failedOpen(0)) == nil)
        #expect(window.record(Self.failedOpen(10)) == nil)
        #expect(window.record(Self.failedOpen(100)) == nil)  // the first two have left the window
        #expect(window.record(Self.failedOpen(101, owner: "model:other")) == nil)
        #expect(window.record(Self.failedOpen(102, code: .providerUnavailable)) == nil)
        #expect(window.record(Self.failedOpen(103)) == nil)
        #expect(window.record(Self.failedOpen(104)) != nil)
        var success = Self.failedOpen(105)
        success.outcome = .success
        #expect(window.record(success) == nil)
    }

    @Test func theHierarchyReportsEachOperationAndItsOutcome() async throws {
        try await withTemporaryKeyring { provider, _ in
            try await TestDatabases.withFresh(.sqlite) { database in
                _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
                let events = Mutex<[KeyUsageEvent]>([])
                var keys = KeyHierarchy(catalog: KeyCatalog(database: database), providers: [provider], defaultProviders: ["local"],
                                        policy: KeyCallers.policy).acting(as: KeyCallers.pipeline)
                keys.usage = { event in events.withLock { $0.append(event) } }
                let sealed = try await keys.seal(Array("x".utf8), tenant: "acme", owner: "subject:7", purpose: "personal", objectID: "row-1")
                _ = try await keys.open(sealed, tenant: "acme", owner: "subject:7", purpose: "personal", objectID: "row-1")
                _ = try? await keys.open(sealed, tenant: "acme", owner: "subject:7", purpose: "personal", objectID: "row-2")
                try await keys.shred(tenant: "acme", owner: "subject:7")
                _ = try? await keys.open(sealed, tenant: "acme", owner: "subject:7", purpose: "personal", objectID: "row-1")
                let seen = events.withLock { $0 }.map { "\($0.operation.rawValue) \($0.objectID ?? "-") v\($0.version.map(String.init) ?? "-") \($0.outcome)" }
                #expect(seen == [
                    "rotate - v1 success", "seal row-1 v1 success", "open row-1 v1 success",
                    "open row-2 v1 failure(RampartKeys.KeyError.Code.authenticationFailed)", "shred - v- success",
                    "open row-1 v1 failure(RampartKeys.KeyError.Code.keyDestroyed)",
                ])
            }
        }
    }
}
