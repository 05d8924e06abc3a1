@testable import RampartDetectors
import Testing

/// The IPv6 reader tries only the starts near a colon that another follows within five bytes; on random texts of
/// hex digits, colons, letters, digits and separators it finds what trying every byte finds (as the reader did
/// before: each start read by the same `ipv6(_:at:_:)`, which says where reading goes on).
@Suite struct IPv6Tests {
    static func everyByte(_ t: ByteText) -> [Range<Int>] {
        var found: [RawFinding] = []
        var i = 0
        while i < t.count { i = ContactDetectors.ipv6(t, at: i, &found) }
        return found.map(\.range)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func findsWhatAReadingFromEveryByteFinds(seed: UInt64) {
        var random = Seeded(seed)
        let pieces = ["a", "f", "0", "9", "g", "z", "::", ":", ":", ":", " ", "-", ".", "fe80", "2001", "db8", "12:30", "12345"]
        var found = 0
        for _ in 0..<1_000 {
            let text = (0..<random.next(60)).map { _ in pieces[random.next(pieces.count)] }.joined()
            let t = ByteText(text)
            var out: [RawFinding] = []
            ContactDetectors.ipv6(t, &out)
            let expected = Self.everyByte(t)
            #expect(out.map(\.range) == expected, "\(text)")
            #expect(out.allSatisfy { $0.type == "IP_ADDRESS" && $0.category == .pii })
            found += expected.count
        }
        // The texts hold addresses: the comparison is not of two empty lists.
        #expect(found > 30)
    }
}
