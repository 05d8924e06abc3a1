import RampartCore
import Testing

/// Random ids: the asked number of bytes as lower-case hex, fresh each time.
@Suite struct HexRandomTests {
    @Test(arguments: [0, 1, 7, 8, 9, 12, 16, 33])
    func givesTheAskedBytesInHex(_ count: Int) {
        let id = Hex.random(bytes: count)
        #expect(id.utf8.count == 2 * count)
        #expect(id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
        #expect(Hex.decode(id)?.count == count)
        if count >= 8 { #expect(Hex.random(bytes: count) != id) }
    }

    /// Every byte of the id is drawn: over many ids each position takes many values (a byte left at zero would not).
    @Test func everyBytePositionVaries() {
        let ids = (0..<64).map { _ in Hex.decode(Hex.random(bytes: 12))! }
        for position in 0..<12 { #expect(Set(ids.map { $0[position] }).count > 16, "byte \(position)") }
    }
}
