/// Splits a server-sent-events byte stream into events, as the WHATWG spec reads it: `data:` lines joined by
/// newlines, `event:` and `id:` kept, comments skipped, an event dispatched at a blank line; CR, LF and CRLF line
/// ends. Pure and incremental: feed bytes as they arrive, in chunks cut anywhere.
public struct SSEParser: Sendable {
    public struct Event: Sendable, Hashable {
        public var event: String?
        public var id: String?
        public var data: String

        public init(event: String? = nil, id: String? = nil, data: String) {
            self.event = event
            self.id = id
            self.data = data
        }
    }

    public struct TooLarge: Error, Sendable {}

    /// The longest event accepted, in bytes.
    public var maximumEventBytes: Int
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var id: String?
    private var lastWasCR = false

    public init(maximumEventBytes: Int = 1 << 20) { self.maximumEventBytes = maximumEventBytes }

    /// Feeds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(TooLarge) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }  // the LF of a CRLF
            }
            if byte == 0x0A || byte == 0x0D {
                lastWasCR = byte == 0x0D
                if let event = processLine() { events.append(event) }
                line.removeAll(keepingCapacity: true)
                continue
            }
            line.append(byte)
            if line.count + data.count > maximumEventBytes { throw TooLarge() }
        }
        return events
    }

    /// Whether the bytes so far ended exactly at an event boundary (nothing half-received).
    public var isAtBoundary: Bool { line.isEmpty && !hasData && event == nil && id == nil }

    private mutating func processLine() -> Event? {
        if line.isEmpty {
            defer { data.removeAll(keepingCapacity: true); hasData = false; event = nil; id = nil }
            guard hasData else { return nil }
            return Event(event: event, id: id, data: String(decoding: data, as: UTF8.self))
        }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = colon < line.endIndex ? line.index(after: colon) : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart = line.index(after: valueStart) }
        let value = line[valueStart...]
        switch field {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event": event = String(decoding: value, as: UTF8.self)
        case "id": id = String(decoding: value, as: UTF8.self)
        default: break
        }
        return nil
    }
}
