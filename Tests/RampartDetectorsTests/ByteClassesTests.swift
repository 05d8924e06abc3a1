@testable import RampartDetectors
import Testing

/// The classes made eight bytes at a time are the byte-by-byte predicates, at every length (a text's last, partial
/// block included) and for every byte value, the edges of each range among them.
@Suite struct ByteClassesTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func masksAreTheBytePredicates(seed: UInt64) {
        var random = Seeded(seed)
        let edges: [UInt8] = [0, 0x20, 0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x7F, 0x80, 0xB0, 0xC1, 0xDA, 0xE1, 0xFF]
        for _ in 0..<300 {
            let bytes = (0..<random.next(200)).map { _ in random.next(2) == 0 ? edges[random.next(edges.count)] : UInt8(random.next(256)) }
            let classes = ByteClasses(bytes)
            let indices = Array(bytes.indices)
            #expect(classes.offsets(.digit) == indices.filter { ASCII.isDigit(bytes[$0]) }, "\(bytes)")
            #expect(classes.offsets(.upper) == indices.filter { ASCII.isUpper(bytes[$0]) }, "\(bytes)")
            #expect(classes.offsets(.graphic) == indices.filter { (0x21...0x7E).contains(bytes[$0]) }, "\(bytes)")
            #expect(classes.offsets(.wordStart) == indices.filter { ASCII.isAlnum(bytes[$0]) && ($0 == 0 || !ASCII.isAlnum(bytes[$0 - 1])) },
                    "\(bytes)")
            #expect(classes.offsets(.word) == indices.filter { ASCII.isAlnum(bytes[$0]) || bytes[$0] >= 0x80 }, "\(bytes)")
            #expect(classes.isASCII == bytes.allSatisfy { $0 < 0x80 }, "\(bytes)")
            for from in [0, random.next(bytes.count + 1), random.next(bytes.count + 1), bytes.count] {
                let digit = (from..<bytes.count).first { ASCII.isDigit(bytes[$0]) } ?? bytes.count
                #expect(min(bytes.count, classes.firstSet(.digit, from: from)) == digit, "\(bytes) from \(from)")
                let notDigit = (from..<bytes.count).first { !ASCII.isDigit(bytes[$0]) } ?? bytes.count
                #expect(classes.firstClear(.digit, from: from) == notDigit, "\(bytes) from \(from)")
            }
            // Most of these texts have a byte above ASCII; the same text without, or with one at a random place.
            var ascii = bytes.map { $0 & 0x7F }
            #expect(ByteClasses(ascii).isASCII)
            if !ascii.isEmpty {
                ascii[random.next(ascii.count)] |= 0x80
                #expect(!ByteClasses(ascii).isASCII, "\(ascii)")
            }
        }
    }

    /// The words of a given length found from the masks are those found byte by byte, across blocks and at a text's
    /// end.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func wordStartsOfALengthAreTheByteByByteOnes(seed: UInt64) {
        var random = Seeded(seed)
        let pieces: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: "Z"), UInt8(ascii: "7"), UInt8(ascii: " "), UInt8(ascii: "-"), 0xC3, 0xA9]
        for _ in 0..<300 {
            let bytes = (0..<random.next(300)).map { _ in pieces[random.next(pieces.count)] }
            let length = random.next(2) == 0 ? 1 + random.next(5) : 1 + random.next(63)
            let classes = ByteClasses(bytes)
            var found: [Int] = []
            classes.forEachWordStart(ofLength: length) { found.append($0) }
            func isWord(_ k: Int) -> Bool { k < bytes.count && (ASCII.isAlnum(bytes[k]) || bytes[k] >= 0x80) }
            let expected = bytes.indices.filter { i in
                ASCII.isAlnum(bytes[i]) && (i == 0 || !ASCII.isAlnum(bytes[i - 1])) && (i + 1..<(i + length)).allSatisfy(isWord) && !isWord(i + length)
            }
            #expect(found == expected, "length \(length) in \(bytes)")
        }
    }

    /// On x86-64 a whole block's classes come from SSE2: the same bits as the portable path, for every byte value
    /// at every position.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyPathGivesTheSameBlock(seed: UInt64) {
        var random = Seeded(seed)
        for _ in 0..<500 {
            let bytes = (0..<64).map { _ in UInt8(random.next(256)) }
            bytes.withUnsafeBufferPointer { buffer in
                let fast = ByteClasses.block(buffer, 0), portable = ByteClasses.portableBlock(buffer, 0)
                #expect([fast.digit, fast.upper, fast.alnum, fast.graphic, fast.high, fast.joiner]
                    == [portable.digit, portable.upper, portable.alnum, portable.graphic, portable.high, portable.joiner], "\(bytes)")
                let joiners = bytes.indices.reduce(UInt64(0)) { bytes[$1] == UInt8(ascii: "@") || bytes[$1] == UInt8(ascii: "$") ? $0 | 1 << UInt64($1) : $0 }
                #expect(portable.joiner == joiners, "\(bytes)")
            }
        }
    }

    /// Runs found by shifting the masks are the runs found byte by byte: maximal, at least as long as asked, across
    /// 64-byte blocks and up to the text's end.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func runsAreTheByteByByteRuns(seed: UInt64) {
        var random = Seeded(seed)
        for _ in 0..<400 {
            // Long runs broken by a space now and then, so that runs of every length cross the blocks' edges.
            let bytes = (0..<random.next(300)).map { _ in random.next(12) == 0 ? UInt8(ascii: " ") : UInt8(0x21 + random.next(0x5E)) }
            let length = 1 + random.next(64)
            var expected: [Range<Int>] = []
            var i = 0
            while i < bytes.count {
                guard bytes[i] != UInt8(ascii: " ") else { i += 1; continue }
                var j = i
                while j < bytes.count, bytes[j] != UInt8(ascii: " ") { j += 1 }
                if j - i >= length { expected.append(i..<j) }
                i = j
            }
            #expect(ByteClasses(bytes).runs(.graphic, atLeast: length) == expected, "\(length) \(bytes.count)")
        }
    }
}
