import Foundation
@testable import RampartAudit
import Testing

@Suite struct AuditEncodingTests {
    @Test func canonicalJSONHasOneEncodingPerValue() {
        let value = CanonicalJSON.object([
            "b": .array([.int(-3), .bool(true), .null]), "a": .string("quote \" backslash \\ newline \n tab \t bell \u{07} é"),
            "é": .int(0), "Z": .object([:]),
        ])
        #expect(String(decoding: value.encoded, as: UTF8.self)
            == #"{"Z":{},"a":"quote \" backslash \\ newline \n tab \t bell \u0007 é","b":[-3,true,null],"é":0}"#)
        // Whatever order the fields were given in.
        let reordered = CanonicalJSON.object(["é": .int(0), "Z": .object([:]), "b": .array([.int(-3), .bool(true), .null]),
                                              "a": .string("quote \" backslash \\ newline \n tab \t bell \u{07} é")])
        #expect(reordered.encoded == value.encoded)
        // And it is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(value.encoded))) != nil)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (951_782_400.5, "2000-02-29T00:00:00.500Z"), (1_795_305_600.999, "2026-11-22T00:00:00.999Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"), (4_102_444_799.0, "2099-12-31T23:59:59.000Z"),
    ])
    func timestampsAreRFC3339InUTCWithMilliseconds(seconds: Double, text: String) {
        #expect(AuditEvent.timestamp(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func anEventEncodesItsFactsAndOnlyTheSealedFormOfPersonalOnes() throws {
        let event = AuditEvent(id: "0123", kind: .modelCall, time: Date(timeIntervalSince1970: 0), requestID: "req-1",
                               classification: "confidential", facts: ["outcome": .object(["status": .int(200)])],
                               personal: .init(tenant: "acme", subject: "alice@example.com", facts: ["principal": "alice@example.com"]))
        let sealed = SealedPersonal(tenant: "acme", subjectReference: "ref", envelope: [1, 2, 3])
        let text = String(decoding: event.canonical(sealed: sealed), as: UTF8.self)
        #expect(text == #"{"classification":"confidential","id":"0123","kind":"model_call","outcome":{"status":200},"#
                + #""personal":{"sealed":"AQID","subject_ref":"ref","tenant":"acme"},"request_id":"req-1","time":"1970-01-01T00:00:00.000Z","v":1}"#)
        #expect(!text.contains("alice"))
    }

    @Test func anEntryRoundTripsAndItsHeaderIsWhereTheVerifierReadsIt() throws {
        let entry = AuditEntry(sequence: 258, previous: TreeHash.leaf([9]), event: Array("{}".utf8))
        let record = entry.record
        #expect(record.count == 44 + 2)
        #expect(Array(record.prefix(4)) == Array("RAL1".utf8))
        #expect(Array(record[4..<12]) == [0, 0, 0, 0, 0, 0, 1, 2])
        #expect(AuditEntry(record: record) == entry)
        #expect(AuditEntry(record: Array(record.prefix(43))) == nil)
        #expect(AuditEntry(record: Array("RAL2".utf8) + record.dropFirst(4)) == nil)
    }

    @Test func groupCommitWritesOneBatchAtATimeAndTakesEveryoneWaiting() {
        var commit = GroupCommit<Int>(maximumBatch: 3)
        guard case .write(let first) = commit.submit(1) else { Issue.record("the first item is written at once"); return }
        #expect(first == [1])
        for item in 2...6 {
            guard case .none = commit.submit(item) else { Issue.record("nothing starts while a batch is written"); return }
        }
        guard case .write(let second) = commit.written() else { Issue.record("the waiting items go next"); return }
        #expect(second == [2, 3, 4])
        guard case .write(let third) = commit.written() else { Issue.record("the rest go after"); return }
        #expect(third == [5, 6])
        guard case .none = commit.written() else { Issue.record("nothing is left"); return }
        #expect(!commit.writing && commit.pending.isEmpty)
    }
}
