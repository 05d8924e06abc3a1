/// The distinct buckets a window of the injection model has named so far.
protocol WindowBuckets {
    /// Adds `bucket`; whether the window had not named it yet.
    mutating func insert(_ bucket: Int) -> Bool
    /// Forgets the window whose buckets were these.
    mutating func endWindow(_ unigrams: Slice<UnsafeBufferPointer<Int>>, _ bigrams: Slice<UnsafeBufferPointer<Int>>)
}

/// Open addressing over a few slots: a slot is taken in the current window when its stamp is the window's number,
/// so nothing is cleared between windows.
struct StampedWindowBuckets: WindowBuckets {
    let slots: UnsafeMutableBufferPointer<Int>, stamps: UnsafeMutableBufferPointer<Int>
    var number = 0

    @inline(__always) mutating func insert(_ bucket: Int) -> Bool {
        let mask = slots.count - 1
        var h = (bucket &* 0x9E37_79B1) >> 7 & mask
        while stamps[h] == number {
            if slots[h] == bucket { return false }
            h = (h + 1) & mask
        }
        stamps[h] = number
        slots[h] = bucket
        return true
    }

    @inline(__always) mutating func endWindow(_: Slice<UnsafeBufferPointer<Int>>, _: Slice<UnsafeBufferPointer<Int>>) { number += 1 }
}

/// A bit for each of the model's buckets; a window's words are zeroed when it ends (every bit set in them is its).
struct BitmapWindowBuckets: WindowBuckets {
    let words: UnsafeMutableBufferPointer<UInt64>

    @inline(__always) mutating func insert(_ bucket: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(bucket & 63)
        guard words[bucket >> 6] & bit == 0 else { return false }
        words[bucket >> 6] |= bit
        return true
    }

    @inline(__always) mutating func endWindow(_ unigrams: Slice<UnsafeBufferPointer<Int>>, _ bigrams: Slice<UnsafeBufferPointer<Int>>) {
        for bucket in unigrams { words[bucket >> 6] = 0 }
        for bucket in bigrams { words[bucket >> 6] = 0 }
    }
}
