import Foundation
import RampartApp
import RampartCore
import RampartDetectors
import Testing

/// `rampart guard scan --jsonl`: one result line per row, in order, offsets in code points; a row that is not an
/// object with a string `text` is blocked with its line number, and the rows after it are still scanned.
struct GuardCommandsTests {
    @Test
    func writesOneResultPerRowInOrder() throws {
        let rows = [
            #"{"id": 1, "text": "écrivez à jane.doe@example.com"}"#,
            "not json",
            "",
            #"{"text": 42}"#,
            #"{"text": "What is the capital of France?", "label": 0}"#,
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-guard-\(UUID().uuidString).jsonl")
        try Data(rows.joined(separator: "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var output = Data()
        try GuardCommands.scanLines(try FileHandle(forReadingFrom: file), scope: .enterpriseApp, options: ScanOptions()) { output.append($0) }

        let lines = try String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(lines.count == 4, "the blank line has no result; every other row has one")
        let email = try #require((lines[0]["findings"] as? [[String: Any]])?.first)
        #expect(email["type"] as? String == "EMAIL_ADDRESS" && email["category"] as? String == "pii")
        #expect(email["start"] as? Int == 10 && email["end"] as? Int == 30, "code points: é and à are one each")
        #expect(lines[0]["action"] as? String == "redact")
        #expect(lines[1]["action"] as? String == "block" && lines[1]["error"] as? String == "line 2: not a JSON object with a string 'text'")
        #expect(lines[2]["action"] as? String == "block" && (lines[2]["error"] as? String)?.hasPrefix("line 4:") == true)
        #expect(lines[3]["action"] as? String == "allow" && (lines[3]["findings"] as? [Any])?.isEmpty == true && lines[3]["error"] == nil)
    }
}
