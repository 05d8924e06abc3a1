/// Reads JSON text into `CanonicalJSON` straight from its bytes: the log's readers (detection, the SIEM exports,
/// `rampart audit show`) parse every stored event, and Foundation's decoder, trying each kind of value in turn, cost
/// about 140 µs a record. Accepts what the decoder accepted of the log's own records: objects, arrays, strings with
/// every JSON escape, integers in the 64-bit range, booleans and null; a fraction, an exponent, a lone surrogate,
/// bytes after the value or nesting deeper than `maximumDepth` are errors.
struct CanonicalJSONParser {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "byte \(offset): \(reason)" }
    }

    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    static func parse(_ bytes: [UInt8]) throws(Failure) -> CanonicalJSON {
        let result: Result<CanonicalJSON, Failure> = bytes.withUnsafeBufferPointer { buffer in
            var parser = CanonicalJSONParser(bytes: buffer)
            do throws(Failure) {
                let value = try parser.value(depth: 0)
                parser.skipSpace()
                guard parser.i == buffer.count else { throw parser.failure("text after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func failure(_ reason: String) -> Failure { Failure(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count, word.withUTF8Buffer({ $0.elementsEqual(bytes[i..<(i + count)]) }) else { throw failure("not a JSON value") }
        i += count
    }

    private mutating func value(depth: Int) throws(Failure) -> CanonicalJSON {
        guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth)") }
        skipSpace()
        guard i < bytes.count else { throw failure("the text ends before a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var fields: [String: CanonicalJSON] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw failure("an object key must be a string") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw failure("':' expected after an object key") }
                i += 1
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw failure("the text ends inside an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { throw failure("',' or '}' expected in an object") }
                i += 1
                return .object(fields)
            }
        case UInt8(ascii: "["):
            i += 1
            var values: [CanonicalJSON] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(values) }
            while true {
                values.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw failure("the text ends inside an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "]") else { throw failure("',' or ']' expected in an array") }
                i += 1
                return .array(values)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
        default: throw failure("not a JSON value")
        }
    }

    /// An integer in JSON's grammar, within the 64-bit range.
    private mutating func integer() throws(Failure) -> Int64 {
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        var magnitude: UInt64 = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
            guard !o1, !o2 else { throw failure("an integer outside the 64-bit range") }
            magnitude = sum
            i += 1
        }
        guard i > start else { throw failure("a digit expected") }
        guard !(bytes[start] == UInt8(ascii: "0") && i - start > 1) else { throw failure("a leading zero") }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            throw failure("only integers are canonical numbers")
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw failure("an integer outside the 64-bit range") }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw failure("an integer outside the 64-bit range") }
        return Int64(magnitude)
    }

    /// A string at `i` (its opening quote), escapes resolved; its bytes must be UTF-8.
    private mutating func string() throws(Failure) -> String {
        i += 1
        let start = i
        // The common case: no escapes, the bytes are the string.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        guard i < bytes.count else { throw failure("the text ends inside a string") }
        var out = Array(bytes[start..<i])
        while bytes[i] != UInt8(ascii: "\"") {
            let b = bytes[i]
            guard b >= 0x20 else { throw failure("a control character inside a string") }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                guard i < bytes.count else { throw failure("the text ends inside a string") }
                continue
            }
            guard i + 1 < bytes.count else { throw failure("the text ends inside an escape") }
            i += 2
            switch bytes[i - 1] {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw failure("a lone surrogate") }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("a lone surrogate")
                }
                out.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: throw failure("an unknown escape")
            }
            guard i < bytes.count else { throw failure("the text ends inside a string") }
        }
        i += 1
        guard let string = String(validating: out, as: UTF8.self) else { throw Failure(offset: start, reason: "a string that is not UTF-8") }
        return string
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw failure("the text ends inside an escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }
}
