#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Copies ASCII lower-cased: "A" to "Z" become "a" to "z", every other byte is kept.
enum LowerCopy {
    /// Copies `count` bytes (at most 32) from `source` to `target`, lower-cased, sixteen at a time with SSE2 (eight
    /// without): both must have 32 bytes to read and write, whatever `count` is.
    @inline(__always) static func copy(from source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count: Int) {
        var k = 0
        #if arch(x86_64)
        repeat {
            let v = UnsafeRawPointer(source + k).loadUnaligned(as: __m128i.self)
            let upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x40)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x5B)))
            UnsafeMutableRawPointer(target + k).storeBytes(of: _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))), as: __m128i.self)
            k &+= 16
        } while k < count
        #else
        repeat {
            let v = UnsafeRawPointer(source + k).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(target + k).storeBytes(of: EightBytes.lowercased(v), as: UInt64.self)
            k &+= 8
        } while k < count
        #endif
    }
}
