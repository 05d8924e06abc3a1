/// The shape of Rampart's error values: a stable code for programs and a message for people that names what
/// failed (never a secret), printed as `message [code]`.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    associatedtype Code: RawRepresentable where Code.RawValue == String
    var code: Code { get }
    var message: String { get }
}

extension CodedError {
    public var description: String { "\(message) [\(code.rawValue)]" }
}
