import Foundation
public import RampartCore

/// A secret given by reference, never inline: `env:NAME` reads an environment variable, `file:PATH` a file.
public struct SecretReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case environment = "env"
        case file
    }

    public var kind: Kind
    /// The variable name or file path; not secret itself.
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// Parses `env:NAME` or `file:PATH`; anything else is taken for an inline secret and refused.
    public init?(parsing text: String) {
        if text.hasPrefix("env:"), text.count > 4 {
            let name = String(text.dropFirst(4))
            guard name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil else { return nil }
            self.init(kind: .environment, name: name)
        } else if text.hasPrefix("file:"), text.count > 5 {
            self.init(kind: .file, name: String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let reference = SecretReference(parsing: text) else {
            throw InputError(.inlineSecret, "secrets are given by reference (env:NAME or file:PATH), never inline")
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(kind.rawValue):\(name)" }

    /// Reads the secret. A missing variable, empty value or unreadable file is an error that names the reference,
    /// never the value.
    public func resolve(environment: [String: String]) throws(InputError) -> String {
        switch kind {
        case .environment:
            guard let value = environment[name], !value.isEmpty else {
                throw InputError(.unresolvedSecret, "the environment variable \(name) is not set")
            }
            return value
        case .file:
            guard let data = FileManager.default.contents(atPath: name),
                  let text = String(data: data, encoding: .utf8)
            else { throw InputError(.unresolvedSecret, "the secret file \(name) cannot be read") }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw InputError(.unresolvedSecret, "the secret file \(name) is empty") }
            return value
        }
    }
}
