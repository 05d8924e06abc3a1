#if arch(x86_64)
import _Builtin_intrinsics.intel

/// The bytes a set of needles starts with (`Needles.firstBytes`), compared with sixteen bytes of a text at once by
/// SSE2 (which every x86-64 processor has): most bytes of a text start no needle, and are passed over sixteen at a
/// time instead of one bit test each.
struct NeedleStarts {
    /// The most first bytes compared: each is one comparison of every sixteen bytes.
    static let capacity = 8
    private let starts: (__m128i, __m128i, __m128i, __m128i, __m128i, __m128i, __m128i, __m128i)

    /// `firsts`: one to `capacity` bytes, each with its 0x20 bit set.
    @inline(__always) init(_ firsts: [UInt8]) {
        // Unused places repeat the first byte: a comparison more, and no other byte let through.
        @inline(__always) func start(_ n: Int) -> __m128i { _mm_set1_epi8(Int8(bitPattern: firsts[n < firsts.count ? n : 0])) }
        starts = (start(0), start(1), start(2), start(3), start(4), start(5), start(6), start(7))
    }

    /// Bit `k` set when byte `k` of the sixteen at `p` may start a needle: it is one of the first bytes once its 0x20
    /// bit is set (so either case of a letter; also a few other bytes, which the exact look rules out).
    @inline(__always) func mayStart(_ p: UnsafePointer<UInt8>) -> UInt32 {
        let v = _mm_or_si128(UnsafeRawPointer(p).loadUnaligned(as: __m128i.self), _mm_set1_epi8(0x20))
        let any = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, starts.0), _mm_cmpeq_epi8(v, starts.1)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, starts.2), _mm_cmpeq_epi8(v, starts.3))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, starts.4), _mm_cmpeq_epi8(v, starts.5)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, starts.6), _mm_cmpeq_epi8(v, starts.7))))
        return UInt32(UInt16(truncatingIfNeeded: _mm_movemask_epi8(any)))
    }
}
#endif
