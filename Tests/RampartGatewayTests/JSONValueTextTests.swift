import Foundation
import RampartCore
@testable import RampartGateway
import RampartTestSupport
import Testing

/// Every request body, upstream answer and stream event is read by `JSONValue(parsing:)` and every answer written by
/// `jsonBytes`; Foundation's `JSONDecoder` and `JSONSerialization`, which the gateway used before, are the oracles.
@Suite struct JSONValueTextTests {
    static func oracle(_ bytes: [UInt8]) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }

    static func random(_ random: inout SplitMix, depth: Int = 0) -> JSONValue {
        let strings = ["", "a", "model", "é ü 漢字 🙂", "quote \" back \\ slash / nl \n tab \t cr \r bs \u{08} ff \u{0C}", "nul \u{00} unit \u{1F}", "\u{7F}\u{2028}"]
        let numbers: [Double] = [0, -1, 0.7, 1e-7, -2.5e300, 123_456_789_012, 9_007_199_254_740_992, 1e15, 0.1 + 0.2, -0.0, 4096]
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .number(numbers[Int(random.next() % UInt64(numbers.count))])
        case 3: return .string(strings[Int(random.next() % UInt64(strings.count))] + String(random.next() % 1000))
        case 4: return .array((0..<Int(random.next() % 4)).map { _ in Self.random(&random, depth: depth + 1) })
        default:
            var fields: [String: JSONValue] = [:]
            for k in 0..<Int(random.next() % 5) { fields["k\(k)\(strings[k % strings.count])"] = Self.random(&random, depth: depth + 1) }
            return .object(fields)
        }
    }

    @Test func whatIsWrittenReadsBackTheSameHereAndInFoundation() throws {
        var random = SplitMix(seed: 2026)
        for _ in 0..<2_000 {
            let value = Self.random(&random)
            let text = value.jsonBytes
            #expect(try JSONValue(parsing: text) == value)
            #expect(Self.oracle(text) == value, "\(String(decoding: text, as: UTF8.self))")
            // Foundation's encoder (what the gateway used to send) reads back as the same value.
            #expect(try JSONValue(parsing: Array(JSONEncoder().encode(value))) == value)
        }
    }

    @Test(arguments: [
        (#"{"b":1,"a":[true,null,"x"],"c":{}}"#, #"{"a":[true,null,"x"],"b":1,"c":{}}"#),
        (#"{"temperature":0.7,"top_p":1e-7,"n":-0,"big":12345678901234567890}"#, #"{"big":1.2345678901234567e+19,"n":0,"temperature":0.7,"top_p":1e-07}"#),
        (#""\u00e9\ud83d\ude42\/\b\f\n\r\t\"\\\u0001""#, "\"é🙂/\\b\\f\\n\\r\\t\\\"\\\\\\u0001\""),
        (" [ 1 , 2 ] ", "[1,2]"),
    ])
    func writesCompactSortedText(_ input: String, _ written: String) throws {
        let value = try JSONValue(parsing: Array(input.utf8))
        #expect(String(decoding: value.jsonBytes, as: UTF8.self) == written)
        #expect(Self.oracle(Array(input.utf8)) == value)
    }

    @Test(arguments: [
        "", "  ", "{", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "tru", "nul", "1 2", "01", "-", "+1", ".5", "1.", "1e", "1e+",
        "0x10", "NaN", "Infinity", "1e400", "-1e400", #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#, #""\x""#, #""\u12g4""#,
        "\"a\u{01}b\"", "\"open", "[1] x", "{\"a\":1}}",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONReadError.self) { try JSONValue(parsing: Array(text.utf8)) }
    }

    @Test func invalidUTF8AndDeepNestingAreErrorsWithTheirKind() {
        #expect(throws: JSONReadError.self) { try JSONValue(parsing: [0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: JSONReadError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E, 0xC3, 0x22]) }  // a cut sequence after an escape
        let deep = Array((String(repeating: "[", count: 100_000)).utf8)
        #expect { try JSONValue(parsing: deep) } throws: { ($0 as? JSONReadError)?.kind == .tooDeep }
        let nested = { (n: Int) in Array((String(repeating: "[", count: n) + String(repeating: "]", count: n)).utf8) }
        #expect((try? JSONValue(parsing: nested(32), maximumDepth: 32)) != nil)
        #expect { try JSONValue(parsing: nested(33), maximumDepth: 32) } throws: { ($0 as? JSONReadError)?.kind == .tooDeep }
    }

    /// Mutated documents: the reader never crashes, and what it and Foundation both accept they read as one value.
    /// (Foundation is laxer in places: it reads lone surrogates and some invalid UTF-8 with replacement characters.)
    @Test func mutatedDocumentsNeverCrashAndAgreeWithFoundationWhereBothRead() {
        var random = SplitMix(seed: 11)
        let alphabet = Array("{}[]\",:\\/-+0123456789.eEtrufalsn u\u{00}".utf8) + [0x80, 0xC3, 0xA9, 0xFF]
        var accepted = 0
        for _ in 0..<3_000 {
            var bytes = Self.random(&random).jsonBytes
            for _ in 0...Int(random.next() % 3) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                }
            }
            guard let ours = try? JSONValue(parsing: bytes) else { continue }
            accepted += 1
            #expect(Self.oracle(bytes) == ours, "\(bytes)")
        }
        #expect(accepted > 300)
    }

    @Test func aRequestBodyTooDeepOrNotJSONHasItsOwnCode() {
        let deep = Array((#"{"messages":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}").utf8)
        #expect { try JSONBody.parse(deep) } throws: { ($0 as? GatewayError)?.code == "json_too_deep" }
        #expect { try JSONBody.parse(Array("{nope".utf8)) } throws: { ($0 as? GatewayError)?.code == "invalid_json" }
    }
}
