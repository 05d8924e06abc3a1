/// Classes of a text's bytes as bit masks, 64 bytes to a word (bit `k` of a class's word `w` is byte `64w + k`),
/// made in one pass eight bytes at a time without a branch. A detector that starts only at some class of byte (a
/// digit, a capital, the start of a word) visits those bytes by the set bits instead of testing every byte, and a
/// byte-by-byte loop's mispredicted branch at every word's end (most of what such a loop costs on prose) is gone.
struct ByteClasses: Sendable {
    enum Class: Int, CaseIterable {
        /// ASCII digits.
        case digit
        /// ASCII capitals.
        case upper
        /// An ASCII letter or digit whose previous byte is not one: where a word of them starts.
        case wordStart
        /// Printable ASCII but the space: `!` to `~`.
        case graphic
        /// The bytes `Words` joins into words: ASCII letters and digits, and every byte of a non-ASCII scalar.
        case word
    }

    /// Each class's words, one class after the other (one allocation, for short texts' sake): five bits for each
    /// byte of the text.
    private let masks: [UInt64]
    private let blocks: Int
    /// Whether every byte is ASCII (below 0x80), found in the same pass.
    let isASCII: Bool

    /// One 64-byte block's classes: digits, capitals, letters and digits, graphic bytes, bytes above ASCII, and
    /// `@` and `$` (which the injection tokenizer joins into words, as leetspeak's "a" and "s").
    struct Block {
        var digit: UInt64 = 0, upper: UInt64 = 0, alnum: UInt64 = 0, graphic: UInt64 = 0, high: UInt64 = 0, joiner: UInt64 = 0
    }

    init(_ bytes: [UInt8]) {
        let blocks = (bytes.count + 63) / 64
        self.blocks = blocks
        var high: UInt64 = 0
        masks = [UInt64](unsafeUninitializedCapacity: blocks * Class.allCases.count) { masks, initialized in
            bytes.withUnsafeBufferPointer { bytes in
                var carry: UInt64 = 0
                for n in 0..<blocks {
                    let b = Self.block(bytes, n)
                    masks[Class.digit.rawValue &* blocks &+ n] = b.digit
                    masks[Class.upper.rawValue &* blocks &+ n] = b.upper
                    masks[Class.wordStart.rawValue &* blocks &+ n] = b.alnum & ~(b.alnum << 1 | carry)
                    masks[Class.graphic.rawValue &* blocks &+ n] = b.graphic
                    // Bytes above ASCII are word bytes.
                    masks[Class.word.rawValue &* blocks &+ n] = b.alnum | b.high
                    carry = b.alnum >> 63
                    high |= b.high
                }
            }
            initialized = blocks * Class.allCases.count
        }
        isASCII = high == 0
    }

    /// The classes of block `n` of `bytes`: by SSE2 where there is one and the block is whole, else eight bytes at a
    /// time (`portableBlock`).
    @inline(__always) static func block(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Int) -> Block {
        #if arch(x86_64)
        if n &* 64 &+ 64 <= bytes.count, let base = bytes.baseAddress { return block(base + n &* 64) }
        #endif
        return portableBlock(bytes, n)
    }

    /// The classes of block `n` of `bytes` (whole or the text's last), eight bytes at a time without a branch.
    @inline(__always) static func portableBlock(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Int) -> Block {
        var b = Block()
        for lane in 0..<8 {
            let start = n &* 64 &+ lane &* 8
            guard start < bytes.count else { break }
            let v = EightBytes.load(bytes, from: start, count: min(8, bytes.count - start))
            let digit = EightBytes.inRange(v, 0x30, 0x39), upper = EightBytes.inRange(v, 0x41, 0x5A), lower = EightBytes.inRange(v, 0x61, 0x7A)
            let shift = UInt64(lane &* 8)
            b.digit |= EightBytes.gather(digit) << shift
            b.upper |= EightBytes.gather(upper) << shift
            b.alnum |= EightBytes.gather(digit | upper | lower) << shift
            b.graphic |= EightBytes.gather(EightBytes.inRange(v, 0x21, 0x7E)) << shift
            b.joiner |= EightBytes.gather(EightBytes.equal(v, UInt8(ascii: "@")) | EightBytes.equal(v, UInt8(ascii: "$"))) << shift
            // Most texts have no byte above ASCII (a branch that is never taken).
            let high = v & 0x8080_8080_8080_8080
            if high != 0 { b.high |= EightBytes.gather(high) << shift }
        }
        return b
    }

    /// The offsets of the bytes of `c`, in order.
    func offsets(_ c: Class) -> [Int] {
        let words = masks[(c.rawValue * blocks)..<((c.rawValue + 1) * blocks)]
        var offsets: [Int] = []
        offsets.reserveCapacity(words.reduce(0) { $0 + $1.nonzeroBitCount })
        forEach(c) { offsets.append($0) }
        return offsets
    }

    /// The maximal runs of bytes of `c` that are at least `length` long (1 to 64), in order. Where such a run ends
    /// is found for all of them at once by shifting and intersecting the mask with itself; only those runs are then
    /// visited, so prose (words shorter than `length`) costs a few operations per 64 bytes.
    func runs(_ c: Class, atLeast length: Int) -> [Range<Int>] {
        precondition((1...64).contains(length), "runs of 1 to 64 bytes")
        let first = c.rawValue * blocks
        // Bit p of `ends`: the `length` bytes up to p are all of `c`, by doubling how many are known (1, 2, 4...).
        var ends = Array(masks[first..<(first + blocks)])
        ends.withUnsafeMutableBufferPointer { ends in
            var known = 1
            while known < length {
                let s = UInt64(min(known, length - known))
                // From the last word down: each reads the word before it as it was before this step.
                var w = blocks - 1
                while w > 0 {
                    ends[w] &= ends[w] << s | ends[w - 1] >> (64 - s)
                    w -= 1
                }
                if blocks > 0 { ends[0] &= ends[0] << s }
                known += Int(s)
            }
        }
        // Each stretch of set bits in `ends` is one run (a byte not of `c` clears the bits of the `length` after it),
        // so they are counted first and the runs written into an array of that size, not one grown by appending.
        var stretches = 0, previous: UInt64 = 0
        for word in ends {
            stretches &+= (word & ~(word << 1 | previous >> 63)).nonzeroBitCount
            previous = word
        }
        var runs: [Range<Int>] = []
        runs.reserveCapacity(stretches)
        var covered = 0
        for (w, word) in ends.enumerated() {
            var bits = word
            while bits != 0 {
                let p = w &* 64 &+ bits.trailingZeroBitCount
                bits &= bits &- 1
                guard p >= covered else { continue }
                let start = lastClear(c, before: p - length + 1) + 1, end = firstClear(c, from: p + 1)
                runs.append(start..<end)
                covered = end
            }
        }
        return runs
    }

    /// The offset of the last byte before `i` that is not of `c`, or -1.
    private func lastClear(_ c: Class, before i: Int) -> Int {
        var w = i >> 6
        var bits = i & 63 == 0 ? 0 : ~masks[c.rawValue * blocks + w] & (1 << UInt64(i & 63) &- 1)
        while bits == 0 {
            w -= 1
            guard w >= 0 else { return -1 }
            bits = ~masks[c.rawValue * blocks + w]
        }
        return w * 64 + 63 - bits.leadingZeroBitCount
    }

    /// The offset of the first byte at or after `i` that is not of `c` (past the end, no byte is).
    @inline(__always) func firstClear(_ c: Class, from i: Int) -> Int {
        first(c, from: i, flip: ~0)
    }

    /// The offset of the first byte at or after `i` that is of `c`, or a number at least the text's length.
    @inline(__always) func firstSet(_ c: Class, from i: Int) -> Int {
        first(c, from: i, flip: 0)
    }

    /// The first bit at or after `i` of `c`'s mask XOR `flip`, or 64 times the number of blocks.
    @inline(__always) private func first(_ c: Class, from i: Int, flip: UInt64) -> Int {
        var w = i >> 6
        guard w < blocks else { return i }
        return masks.withUnsafeBufferPointer { masks in
            let base = c.rawValue &* blocks
            var bits = (masks[base &+ w] ^ flip) & ~(1 << UInt64(i & 63) &- 1)
            while bits == 0 {
                w &+= 1
                guard w < blocks else { return w &* 64 }
                bits = masks[base &+ w] ^ flip
            }
            return w &* 64 &+ bits.trailingZeroBitCount
        }
    }

    /// Calls `body` with the offset of each word start (`wordStart`) followed by exactly `length - 1` more `word`
    /// bytes, in order: the words of `length` bytes, found for 64 bytes at a time by shifting the word mask.
    @inline(__always) func forEachWordStart(ofLength length: Int, _ body: (Int) -> Void) {
        precondition((1...63).contains(length), "words of 1 to 63 bytes")
        masks.withUnsafeBufferPointer { masks in
            let starts = Class.wordStart.rawValue &* blocks, words = Class.word.rawValue &* blocks
            for block in 0..<blocks {
                let word = masks[words &+ block], next = block &+ 1 < blocks ? masks[words &+ block &+ 1] : 0
                // Bit p of `at(k)`: byte p + k is a word byte.
                @inline(__always) func at(_ k: Int) -> UInt64 { word >> UInt64(k) | next << UInt64(64 &- k) }
                var bits = masks[starts &+ block] & ~at(length)
                for k in 1..<length { bits &= at(k) }
                while bits != 0 {
                    body(block &* 64 &+ bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
    }

    /// Calls `body` with the offset of each byte of `c`, in order.
    @inline(__always) func forEach(_ c: Class, _ body: (Int) -> Void) {
        masks.withUnsafeBufferPointer { masks in
            for block in 0..<blocks {
                var bits = masks[c.rawValue &* blocks &+ block]
                while bits != 0 {
                    body(block &* 64 &+ bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
    }
}
