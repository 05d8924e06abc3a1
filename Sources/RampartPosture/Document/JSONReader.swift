/// A JSON parser straight into template values: one pass over the bytes, no intermediate objects, bounded depth.
/// Terraform plans run to megabytes, and `JSONDecoder` into an enum spends most of its time on the type attempts
/// that fail.
struct JSONReader {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ bytes: [UInt8]) throws(Failure) -> TemplateValue {
        var reader = JSONReader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.index == bytes.count else { throw Failure(message: "unexpected text after the document", offset: reader.index) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> TemplateValue {
        guard depth < Self.maximumDepth else { throw Failure(message: "nested deeper than \(Self.maximumDepth) levels", offset: index) }
        guard index < bytes.count else { throw Failure(message: "unexpected end of the document", offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var fields: [String: TemplateValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Failure(message: "expected a member name", offset: index) }
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                if try endOrComma(UInt8(ascii: "}")) { return .object(fields) }
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [TemplateValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if try endOrComma(UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return .number(try number())
        }
    }

    private mutating func endOrComma(_ end: UInt8) throws(Failure) -> Bool {
        guard index < bytes.count else { throw Failure(message: "unexpected end of the document", offset: index) }
        if bytes[index] == end { index += 1; return true }
        guard bytes[index] == UInt8(ascii: ",") else { throw Failure(message: "expected ',' or '\(Character(Unicode.Scalar(end)))'", offset: index) }
        index += 1
        return false
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard index < bytes.count, bytes[index] == byte else { throw Failure(message: "expected '\(Character(Unicode.Scalar(byte)))'", offset: index) }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Failure(message: "unexpected end of the document", offset: index) }
        let matches = word.withUTF8Buffer { expected in (0..<count).allSatisfy { bytes[index + $0] == expected[$0] } }
        guard matches else { throw Failure(message: "unexpected '\(Character(Unicode.Scalar(bytes[index])))'", offset: index) }
        index += count
    }

    private mutating func number() throws(Failure) -> Double {
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            index += 1
        }
        guard index > start, let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)), number.isFinite else {
            throw Failure(message: index < bytes.count ? "unexpected '\(Character(Unicode.Scalar(bytes[start])))'" : "unexpected end of the document", offset: start)
        }
        return number
    }

    private mutating func string() throws(Failure) -> String {
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 { index += 1 }
        guard index < bytes.count else { throw Failure(message: "unterminated string", offset: start) }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw Failure(message: "unterminated string", offset: start) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure(message: "invalid surrogate pair", offset: index) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
                default:
                    throw Failure(message: "invalid escape", offset: index - 1)
                }
            case 0x00..<0x20:
                throw Failure(message: "control character in a string", offset: index)
            default:
                out.append(byte)
                index += 1
            }
        }
        throw Failure(message: "unterminated string", offset: start)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(message: "unexpected end of the document", offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Failure(message: "invalid \\u escape", offset: index)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
