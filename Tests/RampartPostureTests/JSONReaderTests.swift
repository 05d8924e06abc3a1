import Foundation
import RampartCore
@testable import RampartPosture
import RampartTestSupport
import Testing

@Suite struct JSONReaderTests {
    @Test(arguments: [
        (#"{"a": [1, -2.5e3, true, false, null, "x"]}"#, TemplateValue.object(["a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null, .string("x")])])),
        (#""esc \" \\ \/ \n \t \u00e9 \ud83d\ude00""#, .string("esc \" \\ / \n \t é 😀")),
        (" [ ] ", .array([])),
        (#"{"nested": {"k": {}}}"#, .object(["nested": .object(["k": .object([:])])])),
        (#""plain ünïcode""#, .string("plain ünïcode")),
    ])
    func parsesWhatJSONAllows(text: String, expected: TemplateValue) throws {
        #expect(try TemplateValue.parse(json: Data(text.utf8), file: "t.json") == expected)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9), ("{\"a\" 1}", 1, 6), ("[1, 2", 1, 6), ("\"open", 1, 2), ("{\n  \"a\": tru\n}", 2, 8),
        ("[1] [2]", 1, 5), ("\"\u{01}\"", 1, 2), ("[\"\\q\"]", 1, 4), ("-", 1, 1),
    ])
    func malformedJSONNamesTheLineAndColumn(text: String, line: Int, column: Int) {
        do {
            _ = try TemplateValue.parse(json: Data(text.utf8), file: "t.json")
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.errors.first?.code == .malformed)
            #expect(error.errors.first?.location?.line == line && error.errors.first?.location?.column == column, "\(text): \(error)")
        }
    }

    @Test func depthIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: InputErrors.self) { try TemplateValue.parse(json: Data(deep.utf8), file: "t.json") }
    }

    /// Random documents, written by JSONSerialization, read back the same.
    @Test func agreesWithJSONSerializationOnRandomDocuments() throws {
        var generator = SplitMix(seed: 0x150)
        func random(_ depth: Int) -> Any {
            switch generator.next() % (depth > 3 ? 3 : 5) {
            case 0: return Int(generator.next() % 2_000_000) - 1_000_000
            case 1: return String((0..<Int(generator.next() % 12)).map { _ in Character(Unicode.Scalar(UInt8(32 + generator.next() % 90))) }) + "é\"\\\n"
            case 2: return generator.next() % 2 == 0
            case 3: return (0..<Int(generator.next() % 4)).map { _ in random(depth + 1) }
            default: return Dictionary(uniqueKeysWithValues: (0..<Int(generator.next() % 4)).map { ("k\($0)", random(depth + 1)) })
            }
        }
        func expected(_ value: Any) -> TemplateValue {
            switch value {
            case let flag as Bool: .bool(flag)
            case let number as Int: .number(Double(number))
            case let text as String: .string(text)
            case let items as [Any]: .array(items.map(expected))
            case let fields as [String: Any]: .object(fields.mapValues(expected))
            default: .null
            }
        }
        for _ in 0..<200 {
            let document = ["root": random(0)]
            let data = try JSONSerialization.data(withJSONObject: document)
            #expect(try TemplateValue.parse(json: data, file: "t.json") == expected(document))
        }
    }
}
