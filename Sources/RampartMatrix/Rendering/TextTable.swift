/// A plain-text table for terminals: columns padded to their widest cell, long cells cut with an ellipsis.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// The widest any column may grow, in characters.
    var maximumColumnWidth = 72

    init(_ headers: [String]) { self.headers = headers }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in
            min(maximumColumnWidth, all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column -> String in
                var cell = cells[column]
                if cell.count > widths[column] { cell = String(cell.prefix(widths[column] - 1)) + "…" }
                return column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(headers), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }
}
