import RampartCore

extension ScanResult {
    /// The result as one line of compact JSON, keys sorted (`action`, `error`, `findings`; a finding's `category`,
    /// `end`, `score`, `start`, `type`): the text `JSONEncoder` writes with sorted keys, at a fraction of its cost
    /// on a long text's many findings (it was two fifths of `rampart guard scan`'s time on 16 MB of e-mail).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(40 + findings.count * 80)
        write(to: &out)
        return out
    }

    /// Appends the result's JSON text.
    public func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"action":"#.utf8)
        JSONWriter.write(action.rawValue, to: &out)
        if let error {
            out.append(contentsOf: #","error":"#.utf8)
            JSONWriter.write(error, to: &out)
        }
        out.append(contentsOf: #","findings":"#.utf8)
        JSONWriter.write(array: findings, to: &out) { finding, out in finding.write(to: &out) }
        out.append(UInt8(ascii: "}"))
    }
}

extension Finding {
    /// Appends the finding as a JSON object, keys sorted.
    func write(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"category":"#.utf8)
        JSONWriter.write(category.rawValue, to: &out)
        out.append(contentsOf: #","end":"#.utf8)
        out.append(contentsOf: String(end).utf8)
        out.append(contentsOf: #","score":"#.utf8)
        JSONWriter.write(number: score, to: &out)
        out.append(contentsOf: #","start":"#.utf8)
        out.append(contentsOf: String(start).utf8)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.write(type, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
