/// What a model costs, in millionths of the currency unit (micros), so that sums are exact integers.
public struct ModelPrice: Sendable, Hashable {
    public var currency: String
    public var inputMicrosPerMillionTokens: Int64
    public var outputMicrosPerMillionTokens: Int64
    public var requestMicros: Int64

    public init(currency: String = "USD", inputMicrosPerMillionTokens: Int64 = 0, outputMicrosPerMillionTokens: Int64 = 0, requestMicros: Int64 = 0) {
        self.currency = currency
        self.inputMicrosPerMillionTokens = inputMicrosPerMillionTokens
        self.outputMicrosPerMillionTokens = outputMicrosPerMillionTokens
        self.requestMicros = requestMicros
    }

    /// The cost of a call, rounded up to the micro.
    public func cost(inputTokens: Int, outputTokens: Int) -> Int64 {
        func part(_ tokens: Int, _ perMillion: Int64) -> Int64 {
            let (product, overflow) = Int64(max(0, tokens)).multipliedReportingOverflow(by: perMillion)
            return overflow ? .max / 4 : (product + 999_999) / 1_000_000
        }
        return requestMicros + part(inputTokens, inputMicrosPerMillionTokens) + part(outputTokens, outputMicrosPerMillionTokens)
    }
}
