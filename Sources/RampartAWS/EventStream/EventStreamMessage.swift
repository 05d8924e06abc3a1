/// One message of the AWS event-stream framing (`application/vnd.amazon.eventstream`): typed headers and a payload.
public struct EventStreamMessage: Sendable, Hashable {
    public var headers: [EventStreamHeader]
    public var payload: [UInt8]

    public init(headers: [EventStreamHeader], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// The first header called `name`.
    public subscript(header name: String) -> EventStreamHeader.Value? {
        headers.first { $0.name == name }?.value
    }

    /// A string header's value (`:event-type`, `:message-type`, `:exception-type`, `:content-type`).
    public func string(_ name: String) -> String? {
        if case .string(let value)? = self[header: name] { value } else { nil }
    }
}

/// A named, typed header of an event-stream message.
public struct EventStreamHeader: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case bool(Bool)
        case byte(Int8)
        case short(Int16)
        case integer(Int32)
        case long(Int64)
        case bytes([UInt8])
        case string(String)
        /// Milliseconds since the Unix epoch.
        case timestamp(Int64)
        case uuid([UInt8])

        /// The type byte on the wire.
        var typeCode: UInt8 {
            switch self {
            case .bool(let value): value ? 0 : 1
            case .byte: 2
            case .short: 3
            case .integer: 4
            case .long: 5
            case .bytes: 6
            case .string: 7
            case .timestamp: 8
            case .uuid: 9
            }
        }
    }

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

/// Why event-stream bytes were refused. `code` is stable.
public struct EventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case preludeChecksum = "prelude_crc_mismatch"
        case messageChecksum = "message_crc_mismatch"
        case messageTooLarge = "message_too_large"
        case headersTooLarge = "headers_too_large"
        case invalidLength = "invalid_length"
        case invalidHeader = "invalid_header"
        case truncated = "truncated"
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}

/// The framing's fixed sizes and the limits AWS's SDKs apply.
enum EventStreamFrame {
    /// Total length, headers length, prelude CRC.
    static let preludeBytes = 12
    static let checksumBytes = 4
    static let minimumMessageBytes = preludeBytes + checksumBytes
    static let maximumMessageBytes = 16 << 20
    static let maximumHeaderBytes = 128 << 10
}
