import RampartGateway
import Testing

@Suite struct SSEParserTests {
    static let stream = ": comment\r\nevent: delta\r\ndata: {\"a\":1}\r\n\r\ndata: line one\ndata: line two\nid: 7\n\ndata:no-space\r\rdata: [DONE]\n\n"
    static let expected = [
        SSEParser.Event(event: "delta", id: nil, data: #"{"a":1}"#),
        SSEParser.Event(event: nil, id: "7", data: "line one\nline two"),
        SSEParser.Event(event: nil, id: nil, data: "no-space"),
        SSEParser.Event(event: nil, id: nil, data: "[DONE]"),
    ]

    @Test func parsesEveryLineEndingAndField() throws {
        var parser = SSEParser()
        #expect(try parser.feed(Array(Self.stream.utf8)) == Self.expected)
        #expect(parser.isAtBoundary)
    }

    @Test func givesTheSameEventsWhereverTheBytesAreCut() throws {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            var parser = SSEParser()
            let events = try parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == Self.expected, "cut at \(cut)")
        }
    }

    @Test func refusesAnOversizedEventAndNoticesAHalfEvent() throws {
        var small = SSEParser(maximumEventBytes: 16)
        #expect(throws: SSEParser.TooLarge.self) { try small.feed(Array("data: \(String(repeating: "x", count: 64))\n\n".utf8)) }
        var parser = SSEParser()
        _ = try parser.feed(Array("data: {\"partial\"".utf8))
        #expect(!parser.isAtBoundary)
    }
}
