/// The tool calls of a streamed answer, assembled from their pieces. Arguments are held whole, not streamed on: a
/// secret can be split across any number of pieces, and a tool call is acted on only once complete anyway. What is
/// held is bounded; an answer whose tool calls outgrow it is ended, not buffered without limit.
struct ToolCallAssembly: Sendable {
    static let maximumBytes = 1 << 20

    private var calls: [Int: ToolCall] = [:]
    private var bytes = 0

    var isEmpty: Bool { calls.isEmpty }

    mutating func add(_ pieces: [ToolCallPiece]) throws(GatewayError) {
        for piece in pieces {
            var call = calls[piece.index] ?? ToolCall(id: "", name: "", arguments: "")
            if let id = piece.id, !id.isEmpty { call.id = id }
            if let name = piece.name { call.name += name }
            call.arguments += piece.arguments
            bytes += piece.arguments.utf8.count + (piece.name?.utf8.count ?? 0)
            guard bytes <= Self.maximumBytes else {
                throw GatewayError(status: 502, type: "upstream_error", code: "tool_call_too_large",
                                   message: "the answer's tool calls are larger than \(Self.maximumBytes) bytes")
            }
            calls[piece.index] = call
        }
    }

    /// The calls in index order, scanned, each as one piece; the assembly is emptied.
    mutating func scanned(by scanning: OutputScanning, call: ModelCall) async throws(GatewayError) -> [ToolCallPiece] {
        let indices = calls.keys.sorted()
        let scanned = try await scanning.scan(indices.map { calls[$0]! }, call: call)
        calls = [:]
        return zip(indices, scanned).map { ToolCallPiece(index: $0, id: $1.id, name: $1.name, arguments: $1.arguments) }
    }
}
