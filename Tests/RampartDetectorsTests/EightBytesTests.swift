@testable import RampartDetectors
import Testing

/// The eight-at-a-time byte tests are the one-byte predicates.
@Suite struct EightBytesTests {
    /// `equal` for every byte value in every lane, beside neighbours equal to it, one below it, zero, 0x7F, 0x80 or
    /// 0xFF (where a borrow or a carry would show).
    @Test(arguments: [0, 0x01, 0x7F, 0x80, 0xFF] as [UInt8])
    func equalIsTheOneByteTest(neighbour: UInt8) {
        for value in 0...255 {
            let b = UInt8(value)
            for lane in 0..<8 {
                var lanes = [UInt8](repeating: neighbour, count: 8)
                lanes[lane] = b
                if lane > 0 { lanes[lane - 1] = b &- 1 }
                let v = lanes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
                for (k, byte) in lanes.enumerated() {
                    #expect((EightBytes.equal(v, b) & UInt64(0x80) << UInt64(k * 8) != 0) == (byte == b), "\(lanes) lane \(k) = \(b)")
                }
            }
        }
    }

    /// The secret keyword rule's operator candidates, sixteen bytes at a time (SSE2) and eight, are the bytes a
    /// byte-by-byte reading takes: `=`, `:`, `,`, and a space after "d" or "D", from any start, across the steps.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func operatorCandidatesAreTheByteByByteOnes(seed: UInt64) {
        var random = Seeded(seed)
        // With the bytes that are "d" or "D" but for the top bit (0xE4, 0xC4), which the 0x20 bit must not fold.
        let alphabet = Array("=:, dDa\n\"'-e".utf8) + [0, 0x80, 0xC4, 0xE4]
        for _ in 0..<400 {
            let bytes = (0..<random.next(70)).map { _ in alphabet[random.next(alphabet.count)] }
            func isCandidate(_ k: Int) -> Bool {
                let b = bytes[k]
                return b == UInt8(ascii: "=") || b == UInt8(ascii: ":") || b == UInt8(ascii: ",")
                    || b == UInt8(ascii: " ") && k > 0 && ASCII.lowercase(bytes[k - 1]) == UInt8(ascii: "d")
            }
            let from = random.next(bytes.count + 1)
            let expected = (from..<bytes.count).first(where: isCandidate) ?? bytes.count
            bytes.withUnsafeBufferPointer { #expect(StructuredSecrets.operatorCandidate($0, from: from) == expected, "\(bytes) from \(from)") }
        }
    }
}
