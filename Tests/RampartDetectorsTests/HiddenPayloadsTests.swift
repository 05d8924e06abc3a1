@testable import RampartDetectors
import Testing

@Suite struct HiddenPayloadsTests {
    /// Whether a decoded payload is readable text, and prose, answers ASCII without Unicode's property tables: the
    /// same answers, for every ASCII character.
    @Test func payloadsReadASCIIAsItsProperties() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            let text = String(repeating: String(scalar), count: 8)
            let printable = scalar == " " || !scalar.properties.isWhitespace && value >= 0x20 && value != 0x7F
            #expect((HiddenPayloads.readable(Array(text.utf8)) != nil) == printable, "\(value)")
            let payload = HiddenPayload(text: text + " " + text, range: 0..<17, encoding: "base64")
            #expect(payload.isProse == scalar.properties.isAlphabetic, "\(value)")
        }
    }
}
