import Foundation
import RampartAWS
import RampartTestSupport
import Testing

/// The event-stream framing of Bedrock's ConverseStream: round trips, every cut, corruptions, and botocore's parser.
@Suite struct EventStreamTests {
    static func event(_ type: String, _ json: String) -> EventStreamMessage {
        EventStreamMessage(headers: [
            EventStreamHeader(":event-type", .string(type)), EventStreamHeader(":content-type", .string("application/json")),
            EventStreamHeader(":message-type", .string("event")),
        ], payload: Array(json.utf8))
    }

    /// A ConverseStream answer as Bedrock sends it, an exception, and a message with every header type.
    static let messages: [EventStreamMessage] = [
        event("messageStart", #"{"p":"abcd","role":"assistant"}"#),
        event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"abcdefgh"}"#),
        event("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":", wörld 🌍"},"p":"ab"}"#),
        event("contentBlockStop", #"{"contentBlockIndex":0,"p":"abcdefghijk"}"#),
        event("messageStop", #"{"p":"abc","stopReason":"end_turn"}"#),
        event("metadata", #"{"metrics":{"latencyMs":412},"p":"ab","usage":{"inputTokens":12,"outputTokens":4,"totalTokens":16}}"#),
        EventStreamMessage(headers: [
            EventStreamHeader(":exception-type", .string("throttlingException")), EventStreamHeader(":content-type", .string("application/json")),
            EventStreamHeader(":message-type", .string("exception")),
        ], payload: Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8)),
        EventStreamMessage(headers: [
            EventStreamHeader("true", .bool(true)), EventStreamHeader("false", .bool(false)), EventStreamHeader("byte", .byte(-7)),
            EventStreamHeader("short", .short(-30_000)), EventStreamHeader("integer", .integer(2_000_000_000)),
            EventStreamHeader("long", .long(-9_000_000_000_000)), EventStreamHeader("bytes", .bytes([0, 1, 254, 255])),
            EventStreamHeader("string", .string("ünïcödé")), EventStreamHeader("timestamp", .timestamp(1_795_000_000_123)),
            EventStreamHeader("uuid", .uuid(Array(0..<16))),
        ], payload: []),
        EventStreamMessage(headers: [], payload: Array(repeating: 0x5A, count: 100_000)),
    ]

    static func stream(_ messages: [EventStreamMessage]) throws -> [UInt8] {
        try messages.flatMap { try EventStreamEncoder.encode($0) }
    }

    @Test func messagesRoundTrip() throws {
        var decoder = EventStreamDecoder()
        #expect(try decoder.feed(Self.stream(Self.messages)) == Self.messages)
        try decoder.finish()
    }

    @Test func everyCutOfTheStreamDecodesTheSame() throws {
        let bytes = try Self.stream(Array(Self.messages.prefix(7)))
        for cut in 0...bytes.count {
            var decoder = EventStreamDecoder()
            var decoded = try decoder.feed(bytes[..<cut])
            decoded += try decoder.feed(bytes[cut...])
            #expect(decoded == Array(Self.messages.prefix(7)), "cut at \(cut)")
        }
    }

    @Test func byteByByteDecodesTheSame() throws {
        let bytes = try Self.stream(Self.messages)
        var decoder = EventStreamDecoder()
        var decoded: [EventStreamMessage] = []
        for byte in bytes { decoded += try decoder.feed(CollectionOfOne(byte)) }
        #expect(decoded == Self.messages)
    }

    @Test func aStreamEndingInsideAMessageIsTruncated() throws {
        let bytes = try Self.stream([Self.messages[1]])
        var decoder = EventStreamDecoder()
        #expect(try decoder.feed(bytes.dropLast(3)).isEmpty)
        #expect(throws: EventStreamError.self) { try decoder.finish() }
    }

    @Test func encodingRefusesWhatTheFramingCannotHold() {
        let cases: [(EventStreamMessage, EventStreamError.Code)] = [
            (EventStreamMessage(headers: [EventStreamHeader(String(repeating: "n", count: 256), .bool(true))], payload: []), .invalidHeader),
            (EventStreamMessage(headers: [EventStreamHeader("", .bool(true))], payload: []), .invalidHeader),
            (EventStreamMessage(headers: [EventStreamHeader("s", .string(String(repeating: "v", count: 70_000)))], payload: []), .invalidHeader),
            (EventStreamMessage(headers: [EventStreamHeader("u", .uuid([1, 2]))], payload: []), .invalidHeader),
            (EventStreamMessage(headers: [EventStreamHeader("d", .bool(true)), EventStreamHeader("d", .bool(false))], payload: []), .invalidHeader),
            (EventStreamMessage(headers: [], payload: Array(repeating: 0, count: 16 << 20)), .messageTooLarge),
        ]
        for (message, code) in cases {
            #expect { try EventStreamEncoder.encode(message) } throws: { ($0 as? EventStreamError)?.code == code }
        }
    }

    /// Corruptions, each with the check Rampart and botocore fail it on.
    struct Corruption: Sendable, CustomStringConvertible {
        var description: String
        var code: EventStreamError.Code
        var botocore: String
        var bytes: @Sendable () throws -> [UInt8]
    }

    static func frame(_ index: Int = 1) throws -> [UInt8] { try EventStreamEncoder.encode(messages[index]) }

    /// A frame with a valid prelude (its CRC recomputed) but lengths of our choosing.
    static func prelude(total: UInt32, headers: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in [total, headers] { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        let crc = crc32(bytes)
        withUnsafeBytes(of: crc.bigEndian) { bytes += $0 }
        return bytes + Array(repeating: 0, count: 64)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }

    static let corruptions: [Corruption] = [
        Corruption(description: "prelude CRC flipped", code: .preludeChecksum, botocore: "ChecksumMismatch") {
            var b = try frame(); b[9] ^= 0x01; return b
        },
        Corruption(description: "total length changed", code: .preludeChecksum, botocore: "ChecksumMismatch") {
            var b = try frame(); b[3] ^= 0x04; return b
        },
        Corruption(description: "payload byte flipped", code: .messageChecksum, botocore: "ChecksumMismatch") {
            var b = try frame(); b[b.count - 10] ^= 0x20; return b
        },
        Corruption(description: "header byte flipped", code: .messageChecksum, botocore: "ChecksumMismatch") {
            var b = try frame(); b[14] ^= 0x01; return b
        },
        Corruption(description: "message CRC flipped", code: .messageChecksum, botocore: "ChecksumMismatch") {
            var b = try frame(); b[b.count - 1] ^= 0xFF; return b
        },
        Corruption(description: "headers longer than 128 KiB", code: .headersTooLarge, botocore: "InvalidHeadersLength") {
            prelude(total: 200_000, headers: 140_000)
        },
        // Rampart refuses messages over 16 MiB as AWS's C runtime does; botocore allows payloads up to 24 MiB.
        Corruption(description: "message longer than 24 MiB", code: .messageTooLarge, botocore: "InvalidPayloadLength") {
            prelude(total: 25 << 20, headers: 0)
        },
    ]

    @Test(arguments: corruptions)
    func corruptionsAreRefusedWithTheirCode(_ corruption: Corruption) throws {
        var decoder = EventStreamDecoder()
        #expect { _ = try decoder.feed(try corruption.bytes()) } throws: { ($0 as? EventStreamError)?.code == corruption.code }
    }

    @Test func aMessageOver16MiBIsRefusedBeforeItIsBuffered() {
        var decoder = EventStreamDecoder()
        #expect { _ = try decoder.feed(Self.prelude(total: (16 << 20) + 1, headers: 0)) } throws: {
            ($0 as? EventStreamError)?.code == .messageTooLarge
        }
    }

    @Test func arbitraryBytesNeverCrashTheDecoder() throws {
        var generator = SystemRandomNumberGenerator()
        let valid = try Self.stream(Array(Self.messages.prefix(7)))
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) { bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            }
            var decoder = EventStreamDecoder()
            _ = try? decoder.feed(bytes)
        }
    }

    // MARK: botocore

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func json(_ value: EventStreamHeader.Value) -> Any {
        switch value {
        case .bool(let v): v
        case .byte(let v): Int(v)
        case .short(let v): Int(v)
        case .integer(let v): Int(v)
        case .long(let v), .timestamp(let v): Int(v)
        case .string(let v): v
        case .bytes(let v), .uuid(let v): ["hex": hex(v)]
        }
    }

    @Test func botocoresParserAcceptsOurFramesAndRefusesTheCorruptOnes() async throws {
        let streams = [try Self.stream(Self.messages)] + (try Self.corruptions.map { try $0.bytes() })
        let run = try await TestPython.run("eventstream_botocore.py", stdin: String(decoding: try JSONSerialization.data(withJSONObject: streams.map(Self.hex)), as: UTF8.self))
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        try #require(answers.count == streams.count)

        #expect(answers[0]["error"] == nil, "botocore refused: \(answers[0])")
        let parsed = answers[0]["messages"] as? [[String: Any]] ?? []
        #expect(parsed.count == Self.messages.count)
        for (message, theirs) in zip(Self.messages, parsed) {
            #expect(theirs["payload_hex"] as? String == Self.hex(message.payload))
            let headers = theirs["headers"] as? [String: Any] ?? [:]
            #expect(headers.count == message.headers.count)
            for header in message.headers {
                let ours = try JSONSerialization.data(withJSONObject: [Self.json(header.value)])
                let botocore = try JSONSerialization.data(withJSONObject: [headers[header.name] ?? NSNull()])
                #expect(ours == botocore, "header \(header.name)")
            }
        }
        for (corruption, answer) in zip(Self.corruptions, answers.dropFirst()) {
            #expect(answer["error"] as? String == corruption.botocore, "\(corruption.description): \(answer)")
        }
    }
}
