extension InjectionModel {
    /// Each window's logit when windows overlap by half (`window == 2 * stride`, as the shipped model's do), reading
    /// each token's buckets once, where the window-by-window sums read them once for each of their two windows.
    ///
    /// The tokens are cut into halves of `stride` tokens; window `j` is halves `j` and `j + 1`. Each half's buckets
    /// (its tokens' unigrams, and the bigrams that start in it) are summed twice: those new in the half (`own`: the
    /// window it starts), and of those, the ones the half before did not name (`added`: what the half adds to the
    /// window it ends). A window's logit is the bias, its first half's `own` and its second half's `added`. A half's
    /// last bigram ends in the next half, outside the window the half ends, and is read last so that it adds to
    /// `own` alone.
    ///
    /// Which buckets a half names is a bit in one of two bitmaps of all the model's buckets, the current half's and
    /// the one before's, side by side in one array (a bucket's two bits in one cache line); the one before's bits
    /// are cleared as the half after it ends. Sums are exact whatever their order (`sumsAreExact`).
    func halfWindowLogits(_ hashed: (unigrams: [Int], bigrams: [Int]), tokenCount: Int, windows: Int) -> [Double] {
        precondition(window == 2 * stride, "windows that overlap by half")
        let half = stride
        var bits = [UInt64](repeating: 0, count: 2 * ((weights.count + 63) / 64))
        var logits = [Double](repeating: Double(bias), count: windows)
        bits.withUnsafeMutableBufferPointer { bits in
            weights.withUnsafeBufferPointer { weights in
                hashed.unigrams.withUnsafeBufferPointer { unigrams in
                    hashed.bigrams.withUnsafeBufferPointer { bigrams in
                        var h = 0
                        while h <= windows, h * half < tokenCount {
                            let first = h * half, end = min(tokenCount, first + half)
                            // Bitmap `h & 1` is this half's, the other the half before's.
                            let mine = h & 1, before = mine ^ 1
                            @inline(__always) func read(_ bucket: Int, _ own: inout Double, _ added: inout Double) {
                                let word = (bucket >> 6) &* 2, bit: UInt64 = 1 << UInt64(bucket & 63)
                                guard bits[word &+ mine] & bit == 0 else { return }
                                bits[word &+ mine] |= bit
                                let weight = Double(weights[bucket])
                                own += weight
                                if bits[word &+ before] & bit == 0 { added += weight }
                            }
                            // Four sums: an addition waits only for the one before it in its own sum.
                            var ownUnigrams = 0.0, addedUnigrams = 0.0, ownPairs = 0.0, addedPairs = 0.0
                            for k in first..<end { read(unigrams[k], &ownUnigrams, &addedUnigrams) }
                            // The bigrams that start in this half: pair `k` is tokens `k` and `k + 1`.
                            let lastPair = first + half - 1, pairsEnd = min(end, tokenCount - 1)
                            for k in first..<min(pairsEnd, lastPair) { read(bigrams[k], &ownPairs, &addedPairs) }
                            if lastPair < pairsEnd {
                                var outside = 0.0
                                read(bigrams[lastPair], &ownPairs, &outside)
                            }
                            if h < windows { logits[h] += ownUnigrams + ownPairs }
                            if h > 0 { logits[h - 1] += addedUnigrams + addedPairs }
                            // The half before is read no more: clear its bits, a word for each bucket it named.
                            if h > 0 {
                                let previous = first - half
                                for k in previous..<first { bits[(unigrams[k] >> 6) &* 2 &+ before] = 0 }
                                for k in previous..<min(first, tokenCount - 1) { bits[(bigrams[k] >> 6) &* 2 &+ before] = 0 }
                            }
                            h += 1
                        }
                    }
                }
            }
        }
        return logits
    }
}
