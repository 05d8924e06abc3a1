/// What a command prints and how it exits: 0 success, 1 findings that fail a policy, 2 usage or input errors.
public struct CommandOutput: Sendable, Equatable {
    public var text: String
    public var exitCode: Int32

    public init(_ text: String, exitCode: Int32 = 0) {
        self.text = text
        self.exitCode = exitCode
    }
}

/// Rows as aligned columns, the last column unpadded.
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0) }.joined()
        }.joined(separator: "\n") + "\n"
    }
}
