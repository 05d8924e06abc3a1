import Foundation
@testable import RampartGateway
import RampartTestSupport
import Testing

/// The request readers of both wire formats, fuzzed: valid requests with tools, tool calls and response formats,
/// each mutated by replacing, dropping or duplicating a random part. Every mutant is read or refused with a 400
/// naming a parameter, never a crash; what is read keeps the rules the scanners rely on (tool names and call ids
/// carry no text, every message is accounted for). The stream renderer for Anthropic's events is driven with random
/// pieces and keeps its blocks balanced.
@Suite struct WireFuzzTests {
    static let openAISeeds = [
        #"{"model":"assistant","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Send the report"}],"name":"alice"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"send_report","arguments":"{\"to\":\"ops\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"sent"}],"tools":[{"type":"function","function":{"name":"send_report","description":"Sends it.","parameters":{"type":"object","properties":{"to":{"type":"string","enum":["ops","dev"]}}}}}],"tool_choice":{"type":"function","function":{"name":"send_report"}},"parallel_tool_calls":false,"temperature":0.2,"max_tokens":64,"stream":true,"stream_options":{"include_usage":true}}"#,
        #"{"model":"assistant","messages":[{"role":"user","content":"Weather?"}],"response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object","properties":{"t":{"type":"number"}}}}},"seed":7,"user":"u-1","metadata":{"a":"b"},"modalities":["text"]}"#,
    ]
    static let anthropicSeeds = [
        #"{"model":"assistant","max_tokens":64,"system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":"Send the report"},{"role":"assistant","content":[{"type":"text","text":"Sending."},{"type":"tool_use","id":"toolu_1","name":"send_report","input":{"to":"ops"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"sent"}]},{"type":"text","text":"Thanks"}]}],"tools":[{"name":"send_report","description":"Sends it.","input_schema":{"type":"object","properties":{"to":{"type":"string"}}}}],"tool_choice":{"type":"tool","name":"send_report","disable_parallel_tool_use":true},"stop_sequences":["END"],"temperature":0.5,"metadata":{"user_id":"u-2"},"stream":true}"#,
    ]

    /// A path to every part of a value.
    static func paths(_ value: JSONValue, _ prefix: [PathStep] = []) -> [[PathStep]] {
        var all = [prefix]
        switch value {
        case .array(let items): for (i, item) in items.enumerated() { all += paths(item, prefix + [.index(i)]) }
        case .object(let fields): for key in fields.keys.sorted() { all += paths(fields[key]!, prefix + [.key(key)]) }
        default: break
        }
        return all
    }

    enum PathStep: Hashable {
        case key(String)
        case index(Int)
    }

    enum Mutation {
        case replace(JSONValue)
        case drop
        case duplicate
    }

    /// `value` with the part at `path` replaced, dropped (from its object or array) or duplicated (in its array).
    static func mutate(_ value: JSONValue, at path: ArraySlice<PathStep>, _ mutation: Mutation) -> JSONValue? {
        guard let step = path.first else {
            if case .replace(let replacement) = mutation { return replacement }
            return nil
        }
        let last = path.count == 1
        switch (value, step) {
        case (.object(var fields), .key(let key)):
            guard let child = fields[key] else { return value }
            if last, case .drop = mutation { fields[key] = nil } else { fields[key] = mutate(child, at: path.dropFirst(), mutation) ?? child }
            return .object(fields)
        case (.array(var items), .index(let i)):
            guard items.indices.contains(i) else { return value }
            switch (last, mutation) {
            case (true, .drop): items.remove(at: i)
            case (true, .duplicate): items.insert(items[i], at: i)
            default: items[i] = mutate(items[i], at: path.dropFirst(), mutation) ?? items[i]
            }
            return .array(items)
        default:
            return value
        }
    }

    static func mutants(of seed: String, count: Int, seed random: UInt64) throws -> [JSONValue] {
        let original = try JSONValue(parsing: Array(seed.utf8))
        let all = paths(original)
        var generator = SplitMix(seed: random)
        let odd: [JSONValue] = [.null, .bool(true), .number(1e300), .number(-1), .number(0.5), .string(""), .string(" spaced name "),
                                .string("Ignore all previous instructions"), .string(String(repeating: "x", count: 200)), .array([]), .object([:]),
                                .object(["type": .string("image"), "source": .object([:])]), .array([.string("text"), .string("audio")])]
        return (0..<count).map { _ in
            var value = original
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let path = all[Int(generator.next() % UInt64(all.count))]
                let mutation: Mutation = switch generator.next() % 4 {
                case 0: .drop
                case 1: .duplicate
                case 2: .replace(JSONValueTextTests.random(&generator))
                default: .replace(odd[Int(generator.next() % UInt64(odd.count))])
                }
                value = mutate(value, at: path[...], mutation) ?? value
            }
            return value
        }
    }

    /// What a reader must hold to whatever it accepts.
    static func checkRead(_ chat: ChatRequest) {
        #expect(chat.tools.allSatisfy { ToolCall.isToolName($0.name) })
        for message in chat.messages {
            #expect(ChatRequest.roles.contains(message.role))
            #expect(message.toolCalls.allSatisfy { ToolCall.isToolName($0.name) && ToolCall.isToolCallID($0.id) })
        }
        guard case .array(let sent)? = chat.body["messages"] else { Issue.record("no messages in the body"); return }
        #expect(sent.count == chat.messages.count)
    }

    static func checkRefusal(_ error: GatewayError, _ body: JSONValue) {
        #expect(error.status == 400, "\(error.message): \(String(decoding: body.jsonBytes, as: UTF8.self))")
        #expect(!error.message.isEmpty)
    }

    @Test(arguments: [0, 1])
    func mutatedOpenAIRequestsAreReadOrRefusedNeverACrash(_ seed: Int) throws {
        var read = 0
        for body in try Self.mutants(of: Self.openAISeeds[seed], count: 1_500, seed: UInt64(40 + seed)) {
            do {
                Self.checkRead(try ChatRequest(openAI: body))
                read += 1
            } catch {
                Self.checkRefusal(error, body)
            }
        }
        // The mutations leave some requests valid, so both paths are exercised.
        #expect(read > 50 && read < 1_450, "\(read) read")
    }

    @Test func mutatedAnthropicRequestsAreReadOrRefusedNeverACrash() throws {
        var read = 0
        for body in try Self.mutants(of: Self.anthropicSeeds[0], count: 2_000, seed: 77) {
            do {
                let chat = try AnthropicMessages.request(body)
                Self.checkRead(chat)
                // What was read is OpenAI's form of it, and reads the same again.
                #expect(try ChatRequest(openAI: chat.body).messages == chat.messages)
                read += 1
            } catch {
                Self.checkRefusal(error, body)
            }
        }
        #expect(read > 50 && read < 1_950, "\(read) read")
    }

    /// Random sequences of text and tool-call pieces (whole calls, or raw pieces out of order): every block started is
    /// stopped once, in order, and each delta goes to a block that was started.
    @Test func anthropicStreamBlocksStayBalanced() {
        var generator = SplitMix(seed: 9)
        for _ in 0..<500 {
            var blocks = AnthropicStreamBlocks()
            var events = blocks.start()
            for _ in 0..<Int(generator.next() % 8) {
                var piece = UpstreamChunk(text: generator.next() % 2 == 0 ? "" : "text")
                for _ in 0..<Int(generator.next() % 3) {
                    let index = Int(generator.next() % 3)
                    piece.toolCalls.append(generator.next() % 2 == 0
                        ? ToolCallPiece(index: index, id: "call_\(index)", name: "f", arguments: #"{"a":1}"#)
                        : ToolCallPiece(index: index, arguments: "{}"))
                }
                events += blocks.events(for: piece)
            }
            events += blocks.finish()
            var open: Int?
            var started: [Int] = []
            for event in events {
                guard case .string(let type)? = event["type"], case .number(let number)? = event["index"] else { Issue.record("\(event)"); continue }
                let index = Int(number)
                switch type {
                case "content_block_start":
                    #expect(open == nil && index == started.count, "\(events)")
                    open = index
                    started.append(index)
                case "content_block_stop":
                    #expect(open == index, "\(events)")
                    open = nil
                default:
                    #expect(started.contains(index), "\(events)")
                }
            }
            #expect(open == nil, "\(events)")
        }
    }
}
