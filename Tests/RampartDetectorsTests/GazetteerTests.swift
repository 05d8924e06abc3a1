import Foundation
import Testing

@testable import RampartDetectors

/// The bundled word lists, read by byte, hold what their lines say: every line but the `#` comments, as written.
struct GazetteerTests {
    @Test(arguments: ["first-names", "last-names", "countries"])
    func listsHoldTheirLines(name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/RampartDetectors/Resources/\(name).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        let list = Detectors.gazetteer(name)
        #expect(list.count > 200)
        #expect(list == lines)
    }
}
