import Foundation
import RampartDetectors
import RampartTestSupport
import Testing

/// The national identifiers' validators against python-stdnum's (PyPI, in the venv `scripts/test` makes): a peer
/// written apart from Rampart. Tests/clients/stdnum_identifiers.py builds values of each type, most valid by
/// stdnum's own check-digit functions, the rest with wrong check characters or fields out of range, each in a
/// sentence with its context word and with nothing, a full stop or more words after it; a value is found as its
/// type exactly when stdnum holds it valid.
///
/// Rampart is stricter than stdnum on one field, by design: a NIR's month must be one INSEE issues (01-12, 20, 30-42,
/// 50-99), and the script draws no other. This test found a NINO or NIR followed by a word going unreported (the
/// word was read into it), and fiscal codes with no such birth date reported.
@Suite struct NationalIDPeerTests {
    struct Row: Decodable {
        var type: String
        var value: String
        var text: String
        var valid: Bool
    }

    @Test(arguments: [1, 2] as [Int])
    func validatorsAgreeWithPythonStdnum(seed: Int) async throws {
        let run = try await TestPython.run("stdnum_identifiers.py", [String(seed), "300"])
        let rows = try JSONDecoder().decode([Row].self, from: Data(run.stdout.utf8))
        #expect(rows.count == 1_500)
        #expect(rows.filter(\.valid).count > 600 && rows.filter { !$0.valid }.count > 300)
        var disagreements: [String] = []
        for row in rows {
            let text = Array(row.text.unicodeScalars), value = Array(row.value.unicodeScalars)
            let start = try #require((0...(text.count - value.count)).first { Array(text[$0..<($0 + value.count)]) == value })
            let findings = Detectors.standard.scan(row.text, options: ScanOptions(secrets: false, injection: false))
            let found = findings.contains { $0.type == row.type && $0.start <= start && $0.end >= start + value.count }
            if found != row.valid { disagreements.append("\(row.text) (stdnum: \(row.valid ? "valid" : "invalid")): \(findings.map(\.type))") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements: \(disagreements.prefix(10))")
    }
}
