/// A number read from JSON text: its value as a double, and as an integer when the text is one that fits.
public struct JSONNumber: Sendable, Hashable {
    /// Why a tree refused a number, for the reader's error.
    public struct Refusal: Error, Sendable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// The value, rounded to the nearest double (always finite: the reader refuses numbers beyond the doubles).
    public var double: Double
    /// The value when the text is an integer (no fraction, no exponent) within the 64-bit range.
    public var integer: Int64?
    /// Whether the text is an integer, whatever its size.
    public var isIntegerText: Bool

    public init(double: Double, integer: Int64?, isIntegerText: Bool) {
        self.double = double
        self.integer = integer
        self.isIntegerText = isIntegerText
    }
}
