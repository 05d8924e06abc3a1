import Foundation
@testable import RampartAudit
import RampartCore
import RampartStorage
import RampartTestSupport
import Testing

/// The log hands on what it commits in memory (`AuditTail`), for detection in the same process: exactly what a
/// reader of the stored records would see, and nothing when the tail cannot say it holds every event from a place.
@Suite struct AuditTailTests {
    static func stored(_ n: Int) -> StoredAuditEvent {
        var event = AuditWorld.event(n)
        event.id = "event-\(n)"
        return StoredAuditEvent(facts: event.canonicalObject(sealed: nil), sequence: n)!
    }

    struct Take: Sendable, CustomTestStringConvertible {
        var held: [Int]
        var capacity = 8
        var from: Int
        var limit = 100
        /// The sequences taken; nil: the tail does not hold `from` (read the log).
        var taken: [Int]?
        /// The sequences left afterwards.
        var left: [Int]
        var testDescription: String { "held \(held), take from \(from) limit \(limit)" }
    }

    static let takes: [Take] = [
        Take(held: [3, 4, 5], from: 3, taken: [3, 4, 5], left: []),
        Take(held: [3, 4, 5], from: 4, taken: [4, 5], left: []),
        Take(held: [3, 4, 5], from: 4, limit: 1, taken: [4], left: [5]),
        // A gap: the events up to it, and the rest stays for the next take (which starts at the gap, so reads the log).
        Take(held: [3, 4, 7, 8], from: 3, taken: [3, 4], left: [7, 8]),
        Take(held: [3, 4, 7, 8], from: 5, taken: nil, left: [7, 8]),
        Take(held: [3, 4, 7, 8], from: 7, taken: [7, 8], left: []),
        // The reader is behind what the tail holds (it overflowed, or a restart): the log it is.
        Take(held: [3, 4, 5], from: 2, taken: nil, left: [3, 4, 5]),
        // Full: the oldest went.
        Take(held: [1, 2, 3, 4, 5], capacity: 3, from: 1, taken: nil, left: [3, 4, 5]),
        Take(held: [1, 2, 3, 4, 5], capacity: 3, from: 3, taken: [3, 4, 5], left: []),
        Take(held: [], from: 0, taken: nil, left: []),
        Take(held: [3], from: 9, taken: nil, left: []),
        Take(held: [3, 4], from: 3, limit: 0, taken: nil, left: [3, 4]),
    ]

    @Test(arguments: takes)
    func takesOnlyWithoutAGap(_ take: Take) {
        let tail = AuditTail(capacity: take.capacity)
        tail.append(take.held.map { Self.stored($0) })
        let taken = tail.take(from: take.from, limit: take.limit)
        #expect(taken?.map(\.sequence) == take.taken)
        #expect(taken == take.taken?.map { Self.stored($0) }, "the events themselves, not only their numbers")
        #expect(tail.count == take.left.count)
        #expect(tail.take(from: take.left.first ?? 0, limit: 100)?.map(\.sequence) ?? [] == take.left)
    }

    /// What the tail receives equals what a reader of the stored records gets, personal facts sealed included.
    @Test(arguments: DatabaseEngine.allCases)
    func handsOnWhatAReaderOfTheLogWouldRead(_ engine: DatabaseEngine) async throws {
        try await TestDatabases.withFresh(engine) { database in
            _ = try await Migrator(logger: TestDatabases.logger).migrate(database)
            let tail = AuditTail()
            let store = AuditStore(database: database)
            // A stand-in for the key hierarchy's sealing (not under test here): a fixed envelope per subject.
            let log = try await AuditLog.open(store: store, signer: NoteSigner(name: "rampart.test/audit", key: .init()), sealing: { personal, _ in
                SealedPersonal(tenant: personal.tenant, subjectReference: "ref-\(personal.subject.count)", envelope: Array(personal.subject.utf8))
            }, tail: tail, logger: TestDatabases.logger)
            let sequences = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<60 {
                    group.addTask {
                        var event = AuditWorld.event(n)
                        event.time += 0.000_4  // below the record's millisecond: the tail must see the time the record keeps
                        if n % 3 == 0 { event.personal = AuditEvent.Personal(tenant: "acme", subject: "user-\(n)", facts: ["email": "u\(n)@example.com"]) }
                        if n % 5 == 0 { event.classification = "confidential" }
                        return try await log.append(event)
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(sequences.sorted() == Array(0..<60))
            let read = try await store.entries(after: -1, limit: 100).compactMap { row in row.record.flatMap { StoredAuditEvent(record: $0, sequence: row.sequence) } }
            #expect(read.count == 60)
            let taken = try #require(tail.take(from: 0, limit: 100))
            #expect(taken.count == 60)
            #expect(taken == read)
            #expect(taken.contains { $0.facts["personal"]?["subject_ref"] != nil })
        }
    }
}
