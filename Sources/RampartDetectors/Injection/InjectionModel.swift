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

    public func score(_ text: String) -> Score { score(tokens: InjectionFeatures.tokens(text)) }

    /// The score of an already tokenized text. Each token's unigram bucket and each adjacent pair's bigram bucket are
    /// hashed once; a window's score is the sum of the weights of its distinct buckets.
    func score(tokens: [String]) -> Score {
        let hashed = InjectionFeatures.hashed(tokens, buckets: weights.count)
        var best = -Double.infinity
        var bestStart = 0
        var buckets: [Int] = []
        buckets.reserveCapacity(window * 2)
        for start in InjectionFeatures.windowStarts(count: tokens.count, window: window, stride: stride) {
            InjectionFeatures.features(hashed, window: start..<min(tokens.count, start + window), into: &buckets)
            var z = Double(bias)
            for bucket in buckets { z += Double(weights[bucket]) }
            if z > best {
                best = z
                bestStart = start
            }
        }
        return Score(probability: 1 / (1 + exp(-best)), tokens: bestStart..<min(tokens.count, bestStart + window), tokenCount: tokens.count)
    }
}
