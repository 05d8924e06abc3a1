/// Decodes a string enum and, when the text is not one of its cases, says which values are allowed.
public func decodeClosedEnum<E: RawRepresentable & CaseIterable>(
    _ type: E.Type, from decoder: any Decoder
) throws -> E where E.RawValue == String {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    if let value = E(rawValue: text) { return value }
    let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
    throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected one of \(allowed); found '\(text)'")
}
