/// The tool calls of a streamed answer made of numbered content blocks (Anthropic's and Bedrock's streams): each tool
/// block started becomes the next call (numbered from 0 in order), and the input pieces sent for that block are the
/// call's arguments. Block indexes come from the upstream and are never trusted to fit. Pure.
struct StreamedToolBlocks {
    /// How many tool calls one answer may make (as many as OpenAI's streamed indexes are read).
    static let maximumToolCalls = 128

    /// The tool call each tool block is, by block index.
    private var callOfBlock: [Int: Int] = [:]

    /// A content block's index: a whole number the upstream sent, within what an answer holds.
    static func blockIndex(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, let index = Int(exactly: number), (0..<4096).contains(index) else { return nil }
        return index
    }

    /// A tool block starts: the first piece of a new call, carrying its id and name.
    mutating func start(block: JSONValue?, id: JSONValue?, name: JSONValue?) throws(UpstreamError) -> ToolCallPiece {
        guard let block = Self.blockIndex(block), callOfBlock[block] == nil, callOfBlock.count < Self.maximumToolCalls,
              case .string(let id)? = id, case .string(let name)? = name
        else { throw UpstreamError(.malformed, "a streamed tool block without a valid index, id or name, or too many") }
        let call = callOfBlock.count
        callOfBlock[block] = call
        return ToolCallPiece(index: call, id: id, name: name)
    }

    /// A piece of a started tool block's input.
    func input(block: JSONValue?, _ piece: String) throws(UpstreamError) -> ToolCallPiece {
        guard let block = Self.blockIndex(block), let call = callOfBlock[block] else {
            throw UpstreamError(.malformed, "a streamed tool input belongs to no tool block")
        }
        return ToolCallPiece(index: call, arguments: piece)
    }
}
