import Foundation
import RampartCore
import RampartYAML
import Testing

struct Server: Decodable, Equatable {
    var host: String
    var port: Int
    var tls: Bool?
    var tags: [String]?
    var limits: Limits?

    struct Limits: Decodable, Equatable {
        var rate: Double
    }
}

func decode(_ yaml: String) throws(InputErrors) -> Server {
    try StrictYAMLDecoder().decode(Server.self, from: YAMLSource(text: yaml, file: "server.yaml"))
}

func decodingErrors(_ yaml: String) -> [InputError] {
    do {
        _ = try decode(yaml)
        return []
    } catch {
        return error.errors
    }
}

@Suite struct StrictYAMLDecoderTests {
    @Test func decodesAValidDocument() throws {
        let server = try decode("host: gw\nport: 8443\ntls: true\ntags: [a, b]\nlimits:\n  rate: 2.5\n")
        #expect(server == Server(host: "gw", port: 8443, tls: true, tags: ["a", "b"], limits: .init(rate: 2.5)))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var yaml: String
        var code: InputError.Code
        var line: Int
        var keyPath: String
        var message: String
        var testDescription: String { "\(code.rawValue) at \(keyPath)" }
    }

    @Test(arguments: [
        Case(yaml: "host: gw\nport: 1\nprot: 2\n", code: .unknownKey, line: 3, keyPath: "prot", message: "unknown key 'prot'"),
        Case(yaml: "host: gw\nport: 1\nlimits:\n  rate: 1\n  burst: 3\n", code: .unknownKey, line: 5, keyPath: "limits.burst",
             message: "unknown key 'burst'"),
        Case(yaml: "host: gw\nport: eighty\n", code: .wrongType, line: 2, keyPath: "port", message: "expected an integer, found 'eighty'"),
        Case(yaml: "host: gw\nport: 1\ntls: maybe\n", code: .wrongType, line: 3, keyPath: "tls", message: "expected true or false"),
        Case(yaml: "host: [a]\nport: 1\n", code: .wrongType, line: 1, keyPath: "host", message: "expected text, found a list"),
        Case(yaml: "host: gw\nport: 1\ntags: text\n", code: .wrongType, line: 3, keyPath: "tags", message: "expected a list"),
        Case(yaml: "host: gw\nport: 1\nlimits:\n  rate: fast\n", code: .wrongType, line: 4, keyPath: "limits.rate", message: "expected a number"),
        Case(yaml: "host: gw\n", code: .missingValue, line: 1, keyPath: "port", message: "missing required key 'port'"),
        Case(yaml: "host: ~\nport: 1\n", code: .wrongType, line: 1, keyPath: "host", message: "expected text, found null"),
        Case(yaml: "host: gw\nport: 99999999999999999999\n", code: .wrongType, line: 2, keyPath: "port", message: "expected an integer"),
        Case(yaml: "host: gw\nport: 1\nport: 2\n", code: .malformed, line: 2, keyPath: "", message: "duplicate keys"),
        Case(yaml: "host: gw\n  port: 1\n", code: .malformed, line: 2, keyPath: "", message: "malformed YAML"),
        Case(yaml: "host: 'gw\nport: 1\n", code: .malformed, line: 3, keyPath: "", message: "malformed YAML"),
    ])
    func reportsTheProblemWithItsLocation(_ c: Case) {
        let errors = decodingErrors(c.yaml)
        #expect(errors.count == 1, "\(errors)")
        guard let error = errors.first else { return }
        #expect(error.code == c.code)
        #expect(error.location?.file == "server.yaml")
        #expect(error.location?.line == c.line)
        #expect((error.location?.keyPath ?? "") == c.keyPath)
        #expect(error.message.contains(c.message), "\(error.message)")
    }

    @Test func reportsEveryUnknownKeyAtOnce() {
        let errors = decodingErrors("host: gw\nport: 1\nfoo: 1\nlimits:\n  rate: 1\n  bar: 2\nbaz: 3\n")
        #expect(errors.map(\.location?.keyPath) == ["foo", "baz", "limits.bar"])
        #expect(errors.map(\.location?.line) == [3, 7, 6])
    }

    @Test func refusesAliasBombs() {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            yaml += "l\(level): &l\(level) [" + Array(repeating: "*\(level == 1 ? "a" : "l\(level - 1)")", count: 10).joined(separator: ", ") + "]\n"
        }
        /// Decodes any tree of lists and text the way real types do: through `decode`, which the budget counts.
        indirect enum Tree: Decodable {
            case leaf(String)
            case list([Tree])
            case map([String: Tree])

            init(from decoder: any Decoder) throws {
                if var list = try? decoder.unkeyedContainer() {
                    var items: [Tree] = []
                    while !list.isAtEnd { items.append(try list.decode(Tree.self)) }
                    self = .list(items)
                } else if (try? decoder.container(keyedBy: AnyKey.self)) != nil {
                    self = .map(try [String: Tree](from: decoder))
                } else {
                    self = .leaf(try decoder.singleValueContainer().decode(String.self))
                }
            }
        }
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { return nil }
        }
        #expect {
            _ = try StrictYAMLDecoder(maximumNodes: 100_000).decode(Tree.self, from: YAMLSource(text: yaml, file: "bomb.yaml"))
        } throws: { error in
            (error as? InputErrors)?.errors.first?.code == .tooLarge
        }
    }

    @Test func readsFilesAndNamesTheMissingOnes() throws {
        #expect(throws: InputErrors.self) { try YAMLSource.read(path: "/nonexistent/rampart.yaml") }
        do {
            _ = try YAMLSource.read(path: "/nonexistent/rampart.yaml")
        } catch {
            #expect(error.errors.first?.code == .unreadable)
            #expect(error.errors.first?.location?.file == "/nonexistent/rampart.yaml")
        }
    }

    @Test func parsesDates() throws {
        struct Dated: Decodable { var date: Date }
        let value = try StrictYAMLDecoder().decode(Dated.self, from: YAMLSource(text: "date: 2026-03-01\n", file: "d.yaml"))
        #expect(value.date == Date(timeIntervalSince1970: 1_772_323_200))
        #expect(throws: InputErrors.self) {
            try StrictYAMLDecoder().decode(Dated.self, from: YAMLSource(text: "date: 2026-02-30\n", file: "d.yaml"))
        }
    }
}
