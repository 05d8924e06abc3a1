import RampartCore

/// Reads event-stream messages from bytes that arrive in pieces of any size.
///
/// Both checksums are verified before a message is returned; any framing fault ends the stream with an
/// `EventStreamError` whose code says which check failed. Lengths are bounded before anything is buffered for them.
public struct EventStreamDecoder: Sendable {
    var buffer: [UInt8] = []
    var start = 0

    public init() {}

    /// Whether every byte fed so far belonged to a complete message.
    public var isAtMessageBoundary: Bool { start == buffer.count }

    /// Adds bytes and returns the messages they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(EventStreamError) -> [EventStreamMessage] {
        buffer.append(contentsOf: bytes)
        var messages: [EventStreamMessage] = []
        while let message = try next() { messages.append(message) }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
        return messages
    }

    /// Throws `truncated` if the stream ended inside a message.
    public func finish() throws(EventStreamError) {
        guard isAtMessageBoundary else {
            throw EventStreamError(.truncated, "the stream ended \(buffer.count - start) bytes into a message")
        }
    }

    mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        let available = buffer.count - start
        guard available >= EventStreamFrame.preludeBytes else { return nil }
        let total = Int(read(UInt32.self, at: start))
        let headersLength = Int(read(UInt32.self, at: start + 4))
        let preludeChecksum = read(UInt32.self, at: start + 8)
        guard TokenChecksum.crc32(buffer[start..<start + 8]) == preludeChecksum else {
            throw EventStreamError(.preludeChecksum, "the prelude's CRC-32 does not match")
        }
        guard total <= EventStreamFrame.maximumMessageBytes else {
            throw EventStreamError(.messageTooLarge, "a message of \(total) bytes (at most \(EventStreamFrame.maximumMessageBytes))")
        }
        guard headersLength <= EventStreamFrame.maximumHeaderBytes else {
            throw EventStreamError(.headersTooLarge, "\(headersLength) bytes of headers (at most \(EventStreamFrame.maximumHeaderBytes))")
        }
        guard total >= EventStreamFrame.minimumMessageBytes + headersLength else {
            throw EventStreamError(.invalidLength, "a message of \(total) bytes cannot hold \(headersLength) bytes of headers")
        }
        guard available >= total else { return nil }
        let end = start + total
        guard TokenChecksum.crc32(buffer[start..<end - 4]) == read(UInt32.self, at: end - 4) else {
            throw EventStreamError(.messageChecksum, "the message's CRC-32 does not match")
        }
        let headersStart = start + EventStreamFrame.preludeBytes
        let headers = try Self.headers(buffer[headersStart..<headersStart + headersLength])
        let payload = Array(buffer[headersStart + headersLength..<end - 4])
        start = end
        return EventStreamMessage(headers: headers, payload: payload)
    }

    func read<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var value: T = 0
        for k in 0..<MemoryLayout<T>.size { value = value << 8 | T(buffer[offset + k]) }
        return value
    }

    static func headers(_ bytes: ArraySlice<UInt8>) throws(EventStreamError) -> [EventStreamHeader] {
        var headers: [EventStreamHeader] = []
        var i = bytes.startIndex
        func take(_ count: Int) throws(EventStreamError) -> ArraySlice<UInt8> {
            guard count <= bytes.endIndex - i else { throw EventStreamError(.invalidHeader, "a header runs past the headers' end") }
            defer { i += count }
            return bytes[i..<i + count]
        }
        func integer(_ count: Int) throws(EventStreamError) -> UInt64 {
            try take(count).reduce(0) { $0 << 8 | UInt64($1) }
        }
        while i < bytes.endIndex {
            let nameLength = Int(try integer(1))
            guard nameLength > 0 else { throw EventStreamError(.invalidHeader, "a header has an empty name") }
            guard let name = String(validating: try take(nameLength), as: UTF8.self) else {
                throw EventStreamError(.invalidHeader, "a header name is not UTF-8")
            }
            let value: EventStreamHeader.Value
            switch try integer(1) {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(bitPattern: UInt8(try integer(1))))
            case 3: value = .short(Int16(bitPattern: UInt16(try integer(2))))
            case 4: value = .integer(Int32(bitPattern: UInt32(try integer(4))))
            case 5: value = .long(Int64(bitPattern: try integer(8)))
            case 6: value = .bytes(Array(try take(Int(try integer(2)))))
            case 7:
                guard let text = String(validating: try take(Int(try integer(2))), as: UTF8.self) else {
                    throw EventStreamError(.invalidHeader, "the string header \(name) is not UTF-8")
                }
                value = .string(text)
            case 8: value = .timestamp(Int64(bitPattern: try integer(8)))
            case 9: value = .uuid(Array(try take(16)))
            case let type: throw EventStreamError(.invalidHeader, "the header \(name) has unknown type \(type)")
            }
            guard !headers.contains(where: { $0.name == name }) else {
                throw EventStreamError(.invalidHeader, "the header \(name) appears twice")
            }
            headers.append(EventStreamHeader(name, value))
        }
        return headers
    }
}
