import Foundation
import RampartDetectors
import RampartTestSupport
import Testing

/// Identifier validators against Python libraries written apart from Rampart (PyPI, in the venv `scripts/test`
/// makes): each script builds values of a type, valid and not, each in a sentence with the context word its detector
/// may need and, after it, nothing, a full stop or more words; a value is found as its type exactly when the peer
/// holds it valid.
@Suite struct IdentifierPeerTests {
    struct Row: Decodable {
        var type: String
        var value: String
        var text: String
        var valid: Bool
    }

    /// US SSNs, French NIRs, Spanish NIFs and NIEs, Italian fiscal codes and Dutch BSNs against python-stdnum,
    /// most built valid by stdnum's own check-digit functions, the rest with wrong check characters or fields out of
    /// range. Rampart is stricter on one field, by design: a NIR's month must be one INSEE issues (01 to 12, and 20
    /// to 42 and 50 to 99 where the month was unknown), and the script draws no other. This test found a NINO or NIR
    /// followed by a word going unreported (the word was read into it), fiscal codes with no such birth date
    /// reported, and Luhn-valid NIRs called cards.
    @Test(arguments: [1, 2] as [Int])
    func nationalIdentifiersAgreeWithPythonStdnum(seed: Int) async throws {
        let rows = try await Self.rows("stdnum_identifiers.py", seed: seed, count: 300)
        #expect(rows.count == 1_500)
        #expect(rows.filter(\.valid).count > 600 && rows.filter { !$0.valid }.count > 300)
        let disagreements = try Self.disagreements(rows)
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    /// IBANs of each of the 126 countries and territories in schwifty's registry, compact and in groups of four, and
    /// each again with wrong check digits. This test found 50 countries whose IBANs went unreported (Russia, Oman,
    /// the French overseas territories, Morocco, ...): Rampart's list of lengths was older than the registry.
    @Test func ibansAgreeWithSchwifty() async throws {
        let rows = try await Self.rows("schwifty_ibans.py", seed: 1, count: 3)
        #expect(rows.count > 700 && rows.filter(\.valid).count == rows.count / 2)
        let disagreements = try Self.disagreements(rows)
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    /// Phone numbers of each of libphonenumber's 245 regions, of every kind of line it has an example of, written
    /// international and E.164. This test found numbers whose digits after the country code look like an SSN or a
    /// card ("+591 800 17 1234", "+52 300 123 4567") reported as those, and the "+" and country code left in the text.
    @Test func phoneNumbersOfEveryRegionAreFound() async throws {
        let run = try await TestPython.run("phonenumbers_examples.py")
        let rows = try JSONDecoder().decode([Row].self, from: Data(run.stdout.utf8))
        #expect(rows.count > 1_500)
        let disagreements = try Self.disagreements(rows)
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    /// Card numbers of each issuer Faker knows, compact and grouped, after a word for a card and after none, and
    /// each again with a last digit that breaks its Luhn check. This test found JCB's fifteen-digit numbers (from 1800
    /// and 2131) unreported without a word for a card.
    @Test func cardsAgreeWithFaker() async throws {
        let rows = try await Self.rows("faker_cards.py", seed: 4, count: 30)
        #expect(rows.count == 1_200)
        let disagreements = try Self.disagreements(rows)
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    static func rows(_ script: String, seed: Int, count: Int) async throws -> [Row] {
        let run = try await TestPython.run(script, [String(seed), String(count)])
        return try JSONDecoder().decode([Row].self, from: Data(run.stdout.utf8))
    }

    /// The rows where Rampart and the peer disagree, each with what Rampart found.
    static func disagreements(_ rows: [Row]) throws -> [String] {
        var disagreements: [String] = []
        for row in rows {
            let text = Array(row.text.unicodeScalars), value = Array(row.value.unicodeScalars)
            let start = try #require((0...(text.count - value.count)).first { Array(text[$0..<($0 + value.count)]) == value })
            let findings = Detectors.standard.scan(row.text, options: ScanOptions(secrets: false, injection: false))
            let found = findings.contains { $0.type == row.type && $0.start <= start && $0.end >= start + value.count }
            if found != row.valid { disagreements.append("\(row.text) (the peer: \(row.valid ? "valid" : "invalid")): \(findings.map(\.type))") }
        }
        return disagreements
    }
}
