import Foundation
import RampartDetectors
import Testing

/// Quality floors on a committed corpus written for this test (Corpus/regression.jsonl): if a change makes any
/// detector miss more or flag more, this fails. Raise the floors when quality improves; never lower them to pass.
@Suite struct RegressionCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus/regression.jsonl")

    struct Row: Decodable {
        var task: String
        var label: Int
        var text: String
    }

    static let floors: [String: (recall: Double, falsePositiveRate: Double)] = [
        "injection": (recall: 1.0, falsePositiveRate: 0.0),
        "pii": (recall: 1.0, falsePositiveRate: 0.0),
        "secret": (recall: 1.0, falsePositiveRate: 0.0),
    ]

    @Test func qualityDoesNotDrop() throws {
        let rows = try String(contentsOf: Self.corpus, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Row.self, from: Data($0.utf8))
        }
        for (task, floor) in Self.floors {
            let mine = rows.filter { $0.task == task }
            let flagged = mine.map { row in Detectors.standard.scan(row.text).contains { $0.category.rawValue == task } }
            let positives = zip(mine, flagged).filter { $0.0.label == 1 }, negatives = zip(mine, flagged).filter { $0.0.label == 0 }
            let recall = Double(positives.count { $0.1 }) / Double(positives.count)
            let fpr = Double(negatives.count { $0.1 }) / Double(negatives.count)
            let missed = positives.filter { !$0.1 }.map { $0.0.text.prefix(60) }
            let wrong = negatives.filter { $0.1 }.map { $0.0.text.prefix(60) }
            #expect(recall >= floor.recall, "\(task) recall \(recall) < \(floor.recall); missed: \(missed)")
            #expect(fpr <= floor.falsePositiveRate, "\(task) false positives \(fpr) > \(floor.falsePositiveRate): \(wrong)")
        }
    }
}
