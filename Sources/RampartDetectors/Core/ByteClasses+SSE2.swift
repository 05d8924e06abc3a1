#if arch(x86_64)
import _Builtin_intrinsics.intel

extension ByteClasses {
    /// The classes of the 64 bytes at `p`, with SSE2 (which every x86-64 processor has): sixteen bytes compared at
    /// once and their results gathered into bits by one instruction, where the portable path (`EightBytes`) takes
    /// eight bytes and a multiplication per class. The same bits as that path; the last, partial block of a text
    /// always takes the portable path, so every text that is not a multiple of 64 bytes long is read both ways.
    @inline(__always)
    static func block(_ p: UnsafePointer<UInt8>) -> Block {
        var block = Block()
        for lane in 0..<4 {
            let v = UnsafeRawPointer(p + lane &* 16).loadUnaligned(as: __m128i.self)
            // Signed comparisons: a byte above ASCII is negative, in none of these ranges.
            @inline(__always) func within(_ lo: Int8, _ hi: Int8) -> __m128i {
                _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(lo - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8(hi + 1)))
            }
            @inline(__always) func bits(_ m: __m128i) -> UInt64 { UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(m))) << UInt64(lane &* 16) }
            let digit = within(0x30, 0x39), upper = within(0x41, 0x5A)
            block.digit |= bits(digit)
            block.upper |= bits(upper)
            block.alnum |= bits(_mm_or_si128(_mm_or_si128(digit, upper), within(0x61, 0x7A)))
            block.graphic |= bits(within(0x21, 0x7E))
            block.high |= bits(v)
            block.joiner |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x40)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x24))))
        }
        return block
    }
}
#endif
