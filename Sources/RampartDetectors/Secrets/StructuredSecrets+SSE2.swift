#if arch(x86_64)
import _Builtin_intrinsics.intel

extension StructuredSecrets {
    /// `operatorCandidate` sixteen bytes at a time with SSE2 (which every x86-64 processor has), while sixteen remain:
    /// the first candidate at or after `k`, or the first offset it did not read (for the portable path to go on from).
    @inline(__always)
    static func operatorCandidateSixteenAtATime(_ bytes: UnsafeBufferPointer<UInt8>, from k: Int) -> (found: Bool, at: Int) {
        guard let base = bytes.baseAddress else { return (false, k) }
        var k = k
        // The text's first byte has no byte before it: a candidate only as one of the three operators.
        if k == 0, !bytes.isEmpty {
            if bytes[0] == UInt8(ascii: "=") || bytes[0] == UInt8(ascii: ":") || bytes[0] == UInt8(ascii: ",") { return (true, 0) }
            k = 1
        }
        let equals = _mm_set1_epi8(Int8(bitPattern: UInt8(ascii: "="))), colon = _mm_set1_epi8(Int8(bitPattern: UInt8(ascii: ":"))),
            comma = _mm_set1_epi8(Int8(bitPattern: UInt8(ascii: ","))), space = _mm_set1_epi8(Int8(bitPattern: UInt8(ascii: " "))),
            d = _mm_set1_epi8(Int8(bitPattern: UInt8(ascii: "d"))), fold = _mm_set1_epi8(0x20)
        while k + 16 <= bytes.count {
            let v = UnsafeRawPointer(base + k).loadUnaligned(as: __m128i.self)
            // Each byte's previous byte, lower-cased by its 0x20 bit: only "D" and "d" become "d".
            let previous = UnsafeRawPointer(base + k - 1).loadUnaligned(as: __m128i.self)
            let found = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, equals), _mm_cmpeq_epi8(v, colon)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, comma),
                                                  _mm_and_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(_mm_or_si128(previous, fold), d))))
            let bits = UInt32(UInt16(truncatingIfNeeded: _mm_movemask_epi8(found)))
            if bits != 0 { return (true, k + bits.trailingZeroBitCount) }
            k += 16
        }
        return (false, k)
    }
}
#endif
