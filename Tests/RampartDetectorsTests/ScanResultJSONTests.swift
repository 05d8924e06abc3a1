import Foundation
import RampartDetectors
import Testing

/// `ScanResult.jsonBytes` writes what `JSONEncoder` with sorted keys writes: `guard scan` and `POST /v1/guard/scan`
/// kept their output, byte for byte, when they stopped going through Foundation's encoder.
struct ScanResultJSONTests {
    static let results: [ScanResult] = [
        ScanResult(findings: [], action: .allow),
        ScanResult(findings: [], action: .block, error: "line 7: not a JSON object with a string 'text' \"quoted\" \\ / é"),
        ScanResult(findings: [
            Finding(category: .pii, type: "EMAIL_ADDRESS", start: 0, end: 17),
            Finding(category: .pii, type: "PERSON", start: 20, end: 31, score: 0.85),
            Finding(category: .secret, type: "AWS_ACCESS_KEY_ID", start: 1_000_000, end: 1_000_020, score: 0),
            Finding(category: .injection, type: "PROMPT_INJECTION", start: 3, end: 90, score: 0.9500000000000001),
            Finding(category: .injection, type: "HIDDEN_INSTRUCTIONS_BASE64", start: 5, end: 6, score: 2.0 / 3.0),
            Finding(category: .canary, type: "CANARY_LEAK", start: 7, end: 8, score: 1e-05),
            Finding(category: .pii, type: "PHONE_NUMBER", start: 9, end: 10, score: 123_456.5),
        ], action: .pseudonymize),
    ]

    @Test(arguments: results)
    func writesWhatJSONEncoderWrites(result: ScanResult) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(result)
        #expect(String(decoding: result.jsonBytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }
}
