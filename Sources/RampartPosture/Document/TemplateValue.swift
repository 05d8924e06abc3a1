/// A value read from a CloudFormation template, a Terraform plan or a cloud API, after what can be known about it
/// has been resolved: a reference to another resource stays a reference, and what cannot be known at scan time (a
/// parameter without a default, an attribute computed when applied) is `unknown`, which rules never read as safe or
/// unsafe.
public indirect enum TemplateValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])
    /// Another resource of the same input, by its logical id (CloudFormation) or address (Terraform).
    case reference(String)
    case unknown

    /// The member of an object by name, matching CloudFormation's `KmsKeyId`, Terraform's `kms_key_id` and an API's
    /// `kmsKeyId` alike: case and underscores are ignored, so one rule reads every source.
    public subscript(_ name: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        if let exact = fields[name] { return exact }
        let wanted = Self.folded(name)
        return fields.first { Self.folded($0.key) == wanted }?.value
    }

    /// The first of several names that is present (sources that name one setting differently).
    public func first(_ names: String...) -> TemplateValue? {
        for name in names { if let value = self[name] { return value } }
        return nil
    }

    /// Follows a path of member names; a list on the way is entered at its first element (Terraform writes a nested
    /// block as a list of one).
    public func at(_ path: String...) -> TemplateValue? {
        var current: TemplateValue? = self
        for name in path {
            if case .array(let items)? = current { current = items.first }
            current = current?[name]
        }
        if case .array(let items)? = current, items.count == 1, case .object = items[0] { return items[0] }
        return current
    }

    static func folded(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { $0 != "_" && $0 != "-" })).lowercased()
    }

    public var string: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    /// A boolean, read also from the strings templates often use (`"true"`, `"Enabled"`).
    public var bool: Bool? {
        switch self {
        case .bool(let flag): flag
        case .string(let text):
            switch text.lowercased() {
            case "true", "enabled", "yes": true
            case "false", "disabled", "no": false
            default: nil
            }
        default: nil
        }
    }

    public var number: Double? {
        switch self {
        case .number(let number): number
        case .string(let text): Double(text)
        default: nil
        }
    }

    /// The elements of a list; a single value counts as a list of one (policy documents allow both).
    public var list: [TemplateValue] {
        switch self {
        case .array(let items): items
        case .null: []
        default: [self]
        }
    }

    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// True when the value says something: not null and not an empty string, list or object.
    public var isSet: Bool {
        switch self {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let fields): !fields.isEmpty
        default: true
        }
    }

    /// The resource a value refers to, directly or through a `${Name}` or `${Name.Attribute}` it was rendered into.
    public var referencedResource: String? {
        switch self {
        case .reference(let name):
            return name
        case .string(let text):
            guard text.hasPrefix("${"), text.hasSuffix("}"), !text.dropFirst(2).contains("$") else { return nil }
            return text.dropFirst(2).dropLast().split(separator: ".").first.map(String.init)
        default:
            return nil
        }
    }
}
