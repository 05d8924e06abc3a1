public import Foundation

/// The prompt-injection classifier: logistic regression over hashed n-grams of token windows, trained offline by
/// scripts/train/train_injection.py on the development sets and shipped as Resources/injection-model.bin.
/// A text's score is its highest window's probability; the window is the finding's span.
public struct InjectionModel: Sendable {
    let weights: [Float]
    let bias: Float
    public let window: Int
    public let stride: Int
    /// The threshold the training chose (1% false positives on its data); workloads may set their own.
    public let defaultThreshold: Double

    /// How many hashed features the model has weights for.
    var buckets: Int { weights.count }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The model shipped with Rampart.
    public static let bundled: InjectionModel = {
        guard let url = Bundle.module.url(forResource: "injection-model", withExtension: "bin"), let data = try? Data(contentsOf: url),
              let model = try? InjectionModel(data: data)
        else { fatalError("Resources/injection-model.bin is missing or damaged; run scripts/train/train_injection.py") }
        return model
    }()

    public init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 24, bytes[0..<4].elementsEqual("RMPI".utf8) else { throw LoadError(description: "not a Rampart injection model") }
        func u32(_ o: Int) -> UInt32 { UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24 }
        let buckets = Int(u32(4))
        window = Int(u32(8))
        stride = Int(u32(12))
        bias = Float(bitPattern: u32(16))
        defaultThreshold = Double(Float(bitPattern: u32(20)))
        guard buckets > 0, buckets <= 1 << 24, bytes.count == 24 + buckets * 4, window > 0, stride > 0 else {
            throw LoadError(description: "the model's header does not match its size")
        }
        var weights = [Float](repeating: 0, count: buckets)
        for k in 0..<buckets { weights[k] = Float(bitPattern: u32(24 + k * 4)) }
        self.weights = weights
    }

    public struct Score: Sendable {
        public var probability: Double
        /// The token window that scored highest, as token offsets.
        public var tokens: Range<Int>
        public var tokenCount: Int
    }

    public func score(_ text: String) -> Score { score(tokens: InjectionFeatures.tokenize(text)) }

    /// The score of an already tokenized text: its highest window.
    func score(tokens: InjectionTokens) -> Score {
        score(hashed: InjectionFeatures.hashed(tokens, buckets: weights.count), tokenCount: tokens.count)
    }

    func score(hashed: (unigrams: [Int], bigrams: [Int]), tokenCount: Int) -> Score {
        let logits = windowLogits(hashed, tokenCount: tokenCount)
        var best = 0
        for k in logits.indices where logits[k] > logits[best] { best = k }
        // Window `k` starts `k` strides in (`InjectionFeatures.windowStarts`).
        let start = best * stride
        return Score(probability: 1 / (1 + exp(-logits[best])), tokens: start..<min(tokenCount, start + window), tokenCount: tokenCount)
    }

    /// Each window's logit: the bias plus the weights of the window's distinct buckets (`InjectionFeatures.features`),
    /// each bucket counted once. A text of one or two windows names few buckets, held in a small open-addressing set
    /// (`StampedWindowBuckets`). A longer one is read a half window at a time when windows overlap by half, as the
    /// shipped model's do (`halfWindowLogits`), and otherwise a window at a time with a bitmap of all the model's
    /// buckets (`BitmapWindowBuckets`); a bitmap's zeroing (16 KB) costs less there than the hashing and probing it
    /// saves.
    ///
    /// The order the weights are added in does not change a logit: each weight is a `Float`, a multiple of 2^-41
    /// below 2^2 in the shipped model, so every sum of a window's (at most `2 * window`) weights is exact in a
    /// `Double` (`sumsAreExact`, which a test holds).
    func windowLogits(_ hashed: (unigrams: [Int], bigrams: [Int]), tokenCount: Int) -> [Double] {
        let starts = InjectionFeatures.windowStarts(count: tokenCount, window: window, stride: stride), windows = starts.count
        if windows <= 2 {
            var capacity = 4
            while capacity < min(window, tokenCount) * 4 { capacity <<= 1 }
            var slots = [Int](repeating: 0, count: capacity), stamps = [Int](repeating: -1, count: capacity)
            return slots.withUnsafeMutableBufferPointer { slots in
                stamps.withUnsafeMutableBufferPointer { stamps in
                    var seen = StampedWindowBuckets(slots: slots, stamps: stamps)
                    return windowLogits(hashed, tokenCount: tokenCount, starts: starts, &seen)
                }
            }
        }
        if window == 2 * stride { return halfWindowLogits(hashed, tokenCount: tokenCount, windows: windows) }
        var words = [UInt64](repeating: 0, count: (weights.count + 63) / 64)
        return words.withUnsafeMutableBufferPointer { words in
            var seen = BitmapWindowBuckets(words: words)
            return windowLogits(hashed, tokenCount: tokenCount, starts: starts, &seen)
        }
    }

    @inline(__always)
    private func windowLogits(_ hashed: (unigrams: [Int], bigrams: [Int]), tokenCount: Int, starts: LazyMapCollection<Range<Int>, Int>,
                              _ seen: inout some WindowBuckets) -> [Double] {
        weights.withUnsafeBufferPointer { weights in
            hashed.unigrams.withUnsafeBufferPointer { unigrams in
                hashed.bigrams.withUnsafeBufferPointer { bigrams in
                    starts.map { start in
                        let end = min(tokenCount, start + window)
                        let pairs = start..<max(start, end - 1)
                        var z = Double(bias)
                        for k in start..<end where seen.insert(unigrams[k]) { z += Double(weights[unigrams[k]]) }
                        for k in pairs where seen.insert(bigrams[k]) { z += Double(weights[bigrams[k]]) }
                        seen.endWindow(unigrams[start..<end], bigrams[pairs])
                        return z
                    }
                }
            }
        }
    }

    /// Whether every sum of at most `2 * window` of the weights and the bias is exact in a `Double`, whatever the
    /// order: all are multiples of the smallest one's unit in the last place, and no sum needs more than 53 bits of
    /// those units.
    var sumsAreExact: Bool {
        let values = weights.filter { $0 != 0 } + [bias]
        guard let unit = values.map(\.ulp).min(), let largest = values.map(\.magnitude).max() else { return true }
        let bound = Double(largest) * Double(2 * window + 1)
        return (bound / Double(unit)).exponent < 53
    }
}
