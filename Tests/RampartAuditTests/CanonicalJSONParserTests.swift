import Foundation
@testable import RampartAudit
import RampartTestSupport
import Testing

/// The log's readers parse stored events with `CanonicalJSON(parsing:)` (RampartCore's `JSONReader`); Foundation's `JSONDecoder` (through
/// `CanonicalJSON`'s `Decodable`) is the oracle it is checked against.
@Suite struct CanonicalJSONParserTests {
    static func oracle(_ bytes: [UInt8]) -> CanonicalJSON? { try? JSONDecoder().decode(CanonicalJSON.self, from: Data(bytes)) }

    static func random(_ random: inout SplitMix, depth: Int = 0) -> CanonicalJSON {
        let strings = ["", "a", "tenant", "é ü 漢字 🙂", "quote \" back \\ slash / nl \n tab \t cr \r bs \u{08} ff \u{0C}", "nul \u{00} unit \u{1F}", "\u{7F}\u{2028}"]
        switch random.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.next() % 2 == 0)
        case 2: return .int([Int64.min, Int64.max, 0, -1, Int64(bitPattern: random.next())][Int(random.next() % 5)])
        case 3: return .string(strings[Int(random.next() % UInt64(strings.count))] + String(random.next() % 1000))
        case 4: return .array((0..<Int(random.next() % 4)).map { _ in Self.random(&random, depth: depth + 1) })
        default:
            var fields: [String: CanonicalJSON] = [:]
            for k in 0..<Int(random.next() % 5) { fields["k\(k)\(strings[k % strings.count])"] = Self.random(&random, depth: depth + 1) }
            return .object(fields)
        }
    }

    @Test func everyEncodedValueReadsBackAsTheOracleReadsIt() throws {
        var random = SplitMix(seed: 42)
        for _ in 0..<2_000 {
            let value = Self.random(&random)
            let parsed = try CanonicalJSON(parsing: value.encoded)
            #expect(parsed == value)
            #expect(parsed == Self.oracle(value.encoded))
        }
    }

    @Test(arguments: [
        (" { \"a\" : [ 1 , -2 , true , false , null ] , \"b\" : { } , \"c\" : [ ] } ", true),
        (#""\u00e9\u6f22\ud83d\ude42\/\b\f\n\r\t\"\\""#, true),
        ("9223372036854775807", true), ("-9223372036854775808", true), ("-0", true),
        ("9223372036854775808", false), ("-9223372036854775809", false), ("[1.5]", false), ("1e2", false), ("01", false), ("-", false),
        (#""\ud800""#, false), (#""\udc00x""#, false), (#""\ud800\u0041""#, false), (#""\x""#, false), (#""\u12g4""#, false),
        ("[1,]", false), ("{\"a\" 1}", false), ("{\"a\":1,}", false), ("{1:2}", false), ("tru", false), ("nul", false), ("1 2", false),
        ("\"a\u{01}b\"", false), ("\"open", false), ("[", false), ("{", false), ("", false), ("  ", false),
    ] as [(String, Bool)])
    func edgeCases(_ text: String, _ accepted: Bool) {
        let parsed = try? CanonicalJSON(parsing: Array(text.utf8))
        #expect((parsed != nil) == accepted, "\(text)")
        if let parsed { #expect(parsed == Self.oracle(Array(text.utf8)), "\(text)") }
    }

    @Test func invalidUTF8AndDeepNestingAreErrorsNotCrashes() {
        #expect(throws: (any Error).self) { try CanonicalJSON(parsing: [0x22, 0xFF, 0xFE, 0x22]) }
        #expect(throws: (any Error).self) { try CanonicalJSON(parsing: Array((String(repeating: "[", count: 100_000)).utf8)) }
        #expect((try? CanonicalJSON(parsing: Array((String(repeating: "[", count: 60) + String(repeating: "]", count: 60)).utf8))) != nil)
    }

    /// Strings whose bytes are not UTF-8 are refused, with or without an escape in them (the two paths that make a
    /// string), among them the ones that decoding repairs to as many bytes as they had (a truncated four-byte
    /// sequence becomes one three-byte replacement character); strings that are UTF-8 read as they are written.
    @Test(arguments: [
        ([0xFF], false), ([0xC0, 0x80], false), ([0xED, 0xA0, 0x80], false), ([0xF0, 0x90, 0x80], false), ([0xF0, 0x90, 0x80, 0x41], false),
        ([0xE2, 0x82], false), ([0x80], false), ([0xF4, 0x90, 0x80, 0x80], false), ([0xEF, 0xBF, 0xBD, 0xFF], false),
        ([0xC3, 0xA9], true), ([0xEF, 0xBF, 0xBD], true), ([0xF0, 0x9F, 0x99, 0x82], true), ([0xE6, 0xBC, 0xA2, 0x41], true), ([0x41], true),
    ] as [([UInt8], Bool)])
    func stringsThatAreNotUTF8AreRefused(_ inner: [UInt8], _ valid: Bool) {
        // Alone, and twice around an escaped line break (`\n`).
        for text in [[0x22] + inner + [0x22], [0x22] + inner + [0x5C, 0x6E] + inner + [0x22]] {
            let parsed = try? CanonicalJSON(parsing: text)
            #expect((parsed != nil) == valid, "\(text)")
            if let parsed { #expect(parsed == Self.oracle(text), "\(text)") }
        }
    }

    /// Mutated records: the parser never crashes, and what it accepts the oracle accepts, equal.
    @Test func mutatedRecordsAreReadAsTheOracleReadsThemOrRefused() async {
        var random = SplitMix(seed: 7)
        let alphabet = Array("{}[]\",:\\/-0123456789.eEtrufalsn u\u{00}".utf8) + [0x80, 0xC3, 0xA9, 0xFF]
        for n in 0..<20_000 {
            if n % 1_000 == 0 { await Task.yield() }
            var bytes = Self.random(&random).encoded
            for _ in 0...(random.next() % 3) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                }
            }
            if let parsed = try? CanonicalJSON(parsing: bytes) {
                #expect(parsed == Self.oracle(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}

/// Timestamps are read by hand; `ISO8601DateFormatter` is the oracle.
@Suite struct TimestampParsingTests {
    @Test func everyWrittenTimestampReadsBackToItsMillisecond() async {
        let oracle = ISO8601DateFormatter()
        oracle.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SplitMix(seed: 3)
        for n in 0..<20_000 {
            if n % 2_000 == 0 { await Task.yield() }
            // From 1900 to 2400, to the microsecond.
            let date = Date(timeIntervalSince1970: -2_208_988_800 + Double(random.next() % 15_778_800_000_000_000) / 1_000_000)
            let text = AuditEvent.timestamp(date)
            guard let parsed = AuditEvent.parseTimestamp(text) else {
                Issue.record("\(text) not read")
                continue
            }
            #expect(AuditEvent.timestamp(parsed) == text)
            // Within the millisecond the oracle reads (the oracle's date itself writes back a millisecond early for
            // some of these dates; the hand-written reader then takes the middle of the millisecond).
            let delta = parsed.timeIntervalSince(oracle.date(from: text) ?? .distantPast)
            #expect(delta > -0.000_001 && delta < 0.001, "\(text)")
        }
    }

    @Test(arguments: ["2026-02-30T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-00-10T10:00:00.000Z", "2026-01-01T24:00:00.000Z",
                      "2026-01-01T10:60:00.000Z", "2026-01-01T10:00:60.000Z", "2026-01-01T10:00:00.000+", "2026-01-01 10:00:00.000Z",
                      "2026-01-01T10:00:00.00Z", "2026-01-01T10:00:00.0000Z", "2026-1-01T10:00:00.000Z", "2026-01-01T10:0a:00.000Z", "", "2025-02-29T00:00:00.000Z"])
    func malformedOrImpossibleTimestampsAreRefused(_ text: String) {
        #expect(AuditEvent.parseTimestamp(text) == nil)
    }

    @Test func leapDaysAndEpochEdgesAreRead() {
        for text in ["2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.500Z"] {
            #expect(AuditEvent.parseTimestamp(text).map(AuditEvent.timestamp) == text)
        }
    }
}
