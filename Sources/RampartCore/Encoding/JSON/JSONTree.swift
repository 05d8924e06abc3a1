/// A tree of JSON values that `JSONReader` can build. An enum whose cases are named as these requirements satisfies
/// them with its cases; only `number` needs writing, since each tree has its own rule for what a number may be.
public protocol JSONTree {
    static var null: Self { get }
    static func bool(_ value: Bool) -> Self
    static func string(_ value: String) -> Self
    static func array(_ values: [Self]) -> Self
    static func object(_ fields: [String: Self]) -> Self
    /// The tree's value for a number, or `JSONNumber.Refusal` with the reason this tree does not hold it.
    static func number(_ number: JSONNumber) throws(JSONNumber.Refusal) -> Self
}
