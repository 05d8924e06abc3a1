/// Eight bytes of a text at once in a `UInt64` (SWAR), for the passes that classify or lower-case bytes without a
/// branch per byte (`ByteClasses`, `Spelling`).
enum EightBytes {
    /// `n` (0 to 8) bytes from `start` as the low bytes of an integer, in order; the rest zero (a byte in no class).
    @inline(__always) static func load(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count n: Int) -> UInt64 {
        if start + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
            return n == 8 ? word : word & (1 << UInt64(n &* 8) &- 1)
        }
        var word: UInt64 = 0
        for k in 0..<n { word |= UInt64(bytes[start + k]) << UInt64(k &* 8) }
        return word
    }

    /// The offset of the first byte above ASCII at or after `start`, or the count: eight bytes at a time.
    static func firstAboveASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i + 8 <= bytes.count {
            let tops = load(bytes, from: i, count: 8) & 0x8080_8080_8080_8080
            if tops != 0 { return i + tops.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < bytes.count, bytes[i] < 0x80 { i += 1 }
        return i
    }

    /// The top bit of each of the eight bytes that is ASCII and in `lo...hi` (`lo` at least 1): each 7-bit value plus
    /// `0x80 - lo` reaches the top bit when it is at least `lo`, plus `0x7F - hi` when it is past `hi`; no sum carries
    /// into the next byte.
    @inline(__always) static func inRange(_ v: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        let low = v & 0x7F7F_7F7F_7F7F_7F7F
        let atLeast = low &+ 0x0101_0101_0101_0101 &* UInt64(0x80 - lo), past = low &+ 0x0101_0101_0101_0101 &* UInt64(0x7F - hi)
        return atLeast & ~past & ~v & 0x8080_8080_8080_8080
    }

    /// The top bits of the eight bytes as eight bits, byte `k`'s as bit `k`.
    @inline(__always) static func gather(_ tops: UInt64) -> UInt64 {
        ((tops >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// The top bit of each of the eight bytes that equals `b`: exact per byte (no borrow reaches the next byte).
    @inline(__always) static func equal(_ v: UInt64, _ b: UInt8) -> UInt64 {
        let x = v ^ 0x0101_0101_0101_0101 &* UInt64(b)
        return ~((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F | x) & 0x8080_8080_8080_8080
    }

    /// `ASCII.lowercase` of each of the eight bytes: "A" to "Z" gain 0x20 (their top bit moved down to 0x20), every
    /// other byte is kept.
    @inline(__always) static func lowercased(_ v: UInt64) -> UInt64 {
        v | inRange(v, 0x41, 0x5A) >> 2
    }
}
