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
        let starts = InjectionFeatures.windowStarts(count: tokenCount, window: window, stride: stride)
        var best = 0
        for k in logits.indices where logits[k] > logits[best] { best = k }
        return Score(probability: 1 / (1 + exp(-logits[best])), tokens: starts[best]..<min(tokenCount, starts[best] + window), tokenCount: tokenCount)
    }

    /// Each window's logit: the bias plus the weights of the window's distinct buckets (`InjectionFeatures.features`),
    /// each bucket counted once by way of a small open-addressing set, not by sorting. A slot is taken in the current
    /// window when its stamp is the window's number: nothing is cleared between windows.
    func windowLogits(_ hashed: (unigrams: [Int], bigrams: [Int]), tokenCount: Int) -> [Double] {
        let starts = InjectionFeatures.windowStarts(count: tokenCount, window: window, stride: stride)
        // Room for a window's features (at most two a token) at a quarter full: a short text's one window needs little.
        var capacity = 4
        while capacity < min(window, tokenCount) * 4 { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int](repeating: 0, count: capacity), stamps = [Int](repeating: -1, count: capacity)
        return weights.withUnsafeBufferPointer { weights in
            slots.withUnsafeMutableBufferPointer { slots in
                stamps.withUnsafeMutableBufferPointer { stamps in
                    starts.enumerated().map { number, start in
                        let end = min(tokenCount, start + window)
                        var z = Double(bias)
                        @inline(__always) func add(_ bucket: Int) {
                            var h = (bucket &* 0x9E37_79B1) >> 7 & mask
                            while stamps[h] == number {
                                if slots[h] == bucket { return }
                                h = (h + 1) & mask
                            }
                            stamps[h] = number
                            slots[h] = bucket
                            z += Double(weights[bucket])
                        }
                        for k in start..<end { add(hashed.unigrams[k]) }
                        if end - start > 1 { for k in start..<(end - 1) { add(hashed.bigrams[k]) } }
                        return z
                    }
                }
            }
        }
    }
}
