public import Foundation
public import RampartCore
public import RampartDetectors

/// `rampart guard scan`: Rampart's detectors for callers that bring their own model.
public enum GuardCommands {
    /// Scans JSONL rows (each an object with a `text` string; other fields ignored), writing one JSON line per row
    /// in order. A row that is not such an object gets `{"error": ..., "findings": [], "action": "block"}` (fail
    /// closed) and the scan goes on.
    public static func scanLines(_ input: FileHandle, scope: Scope, options: ScanOptions, write: (Data) -> Void) throws {
        var buffer = Data()
        var lineNumber = 0
        func handle(_ line: Data) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { return }
            let result: ScanResult
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let text = object["text"] as? String {
                result = ScanResult(scanning: text, scope: scope, options: options)
            } else {
                result = ScanResult(findings: [], action: .block, error: "line \(lineNumber): not a JSON object with a string 'text'")
            }
            var line = result.jsonBytes
            line.append(UInt8(ascii: "\n"))
            write(Data(line))
        }
        while true {
            let chunk = input.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                handle(buffer[buffer.startIndex..<newline])
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
        if !buffer.isEmpty { handle(buffer) }
    }

    /// Scans one text and renders the findings and action as JSON.
    public static func scan(_ text: String, scope: Scope, options: ScanOptions) -> CommandOutput {
        let result = ScanResult(scanning: text, scope: scope, options: options)
        return CommandOutput(String(decoding: result.jsonBytes, as: UTF8.self) + "\n", exitCode: result.action == .allow ? 0 : 1)
    }
}
