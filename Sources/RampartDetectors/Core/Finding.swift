/// What a detector found: a category, a type, where (in Unicode code points of the original text, end exclusive)
/// and how sure it is.
public struct Finding: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        case pii
        case secret
        case injection
        case canary
        /// Something in an answer that would carry data out when the client renders it: an image that loads from a
        /// host not on the workload's list.
        case exfiltration
    }

    public var category: Category
    /// The kind within the category: `EMAIL_ADDRESS`, `AWS_ACCESS_KEY_ID`, `INSTRUCTION_OVERRIDE`, ...
    public var type: String
    public var start: Int
    public var end: Int
    /// 1 for validated patterns (checksums, exact formats); the model's probability for injections.
    public var score: Double

    public init(category: Category, type: String, start: Int, end: Int, score: Double = 1) {
        self.category = category
        self.type = type
        self.start = start
        self.end = end
        self.score = score
    }
}
