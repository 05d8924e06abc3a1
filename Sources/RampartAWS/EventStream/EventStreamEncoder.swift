import RampartCore

/// Writes event-stream messages: prelude (total length, headers length, CRC-32 of the two), headers, payload,
/// and a CRC-32 of everything before it, all integers big-endian.
public enum EventStreamEncoder {
    /// The bytes of `message`. Throws when a header name is longer than 255 bytes, a value longer than 65,535,
    /// a name appears twice, or the message is larger than the framing allows.
    public static func encode(_ message: EventStreamMessage) throws(EventStreamError) -> [UInt8] {
        var headers: [UInt8] = []
        for (k, header) in message.headers.enumerated() {
            guard !message.headers[..<k].contains(where: { $0.name == header.name }) else {
                throw EventStreamError(.invalidHeader, "the header \(header.name) appears twice")
            }
            let name = Array(header.name.utf8)
            guard !name.isEmpty, name.count <= 255 else {
                throw EventStreamError(.invalidHeader, "a header name must be 1 to 255 bytes, not \(name.count)")
            }
            headers.append(UInt8(name.count))
            headers += name
            headers.append(header.value.typeCode)
            switch header.value {
            case .bool: break
            case .byte(let value): headers.append(UInt8(bitPattern: value))
            case .short(let value): append(UInt16(bitPattern: value), to: &headers)
            case .integer(let value): append(UInt32(bitPattern: value), to: &headers)
            case .long(let value), .timestamp(let value): append(UInt64(bitPattern: value), to: &headers)
            case .bytes(let bytes): try appendVariable(bytes, named: header.name, to: &headers)
            case .string(let text): try appendVariable(Array(text.utf8), named: header.name, to: &headers)
            case .uuid(let bytes):
                guard bytes.count == 16 else { throw EventStreamError(.invalidHeader, "the uuid header \(header.name) must be 16 bytes") }
                headers += bytes
            }
        }
        guard headers.count <= EventStreamFrame.maximumHeaderBytes else {
            throw EventStreamError(.headersTooLarge, "\(headers.count) bytes of headers (at most \(EventStreamFrame.maximumHeaderBytes))")
        }
        let total = EventStreamFrame.minimumMessageBytes + headers.count + message.payload.count
        guard total <= EventStreamFrame.maximumMessageBytes else {
            throw EventStreamError(.messageTooLarge, "a message of \(total) bytes (at most \(EventStreamFrame.maximumMessageBytes))")
        }
        var out: [UInt8] = []
        out.reserveCapacity(total)
        append(UInt32(total), to: &out)
        append(UInt32(headers.count), to: &out)
        append(TokenChecksum.crc32(out), to: &out)
        out += headers
        out += message.payload
        append(TokenChecksum.crc32(out), to: &out)
        return out
    }

    static func appendVariable(_ bytes: [UInt8], named name: String, to out: inout [UInt8]) throws(EventStreamError) {
        guard bytes.count <= Int(UInt16.max) else { throw EventStreamError(.invalidHeader, "the value of \(name) is longer than 65,535 bytes") }
        append(UInt16(bytes.count), to: &out)
        out += bytes
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }
}
