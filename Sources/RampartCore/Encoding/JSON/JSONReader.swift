/// Reads JSON text (RFC 8259) straight from its bytes into a `JSONTree`, in one pass: the gateway parses every
/// request and every upstream answer, the audit log's readers every stored event, the posture scans megabytes of
/// Terraform plans, and Foundation's `JSONDecoder` into an enum spends most of its time on type attempts that fail.
///
/// Strict: strings must be UTF-8 without raw control characters or lone surrogates; numbers follow the grammar (no
/// leading zeros, no `+`, no bare `.`) and must fit a double; nothing may follow the value but white space. Objects
/// and arrays may nest `maximumDepth` deep. A key given twice keeps its last value. Errors are values with the byte
/// offset, never a crash, whatever the input.
public enum JSONReader {
    /// Parses `bytes` as one JSON value.
    @inlinable
    public static func parse<Tree: JSONTree>(_ bytes: UnsafeBufferPointer<UInt8>, as _: Tree.Type = Tree.self, maximumDepth: Int)
        throws(JSONReadError) -> Tree
    {
        var reader = JSONByteReader<Tree>(bytes: bytes, maximumDepth: maximumDepth)
        return try reader.document()
    }

    /// Parses contiguous bytes (an array, `Data`, a buffer's view) as one JSON value.
    @inlinable
    public static func parse<Tree: JSONTree>(_ bytes: some Sequence<UInt8>, as _: Tree.Type = Tree.self, maximumDepth: Int)
        throws(JSONReadError) -> Tree
    {
        let result: Result<Tree, JSONReadError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) in try parse(buffer, as: Tree.self, maximumDepth: maximumDepth) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONReadError) in try parse(buffer, as: Tree.self, maximumDepth: maximumDepth) }
    }
}

/// The reader's state: the text and the offset of the next byte.
@usableFromInline
struct JSONByteReader<Tree: JSONTree> {
    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline let maximumDepth: Int
    @usableFromInline var i = 0

    @inlinable
    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    @inlinable
    func failure(_ reason: String, at offset: Int? = nil) -> JSONReadError { JSONReadError(.syntax, offset: offset ?? i, reason) }

    @inlinable
    mutating func document() throws(JSONReadError) -> Tree {
        let value = try value(depth: 0)
        skipSpace()
        guard i == bytes.count else { throw failure("text after the value") }
        return value
    }

    @inlinable
    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    /// The value at `i` (after white space); `depth` objects and arrays enclose it.
    @inlinable
    mutating func value(depth: Int) throws(JSONReadError) -> Tree {
        skipSpace()
        guard i < bytes.count else { throw failure("the text ends before a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard depth < maximumDepth else { throw JSONReadError(.tooDeep, offset: i, "objects and arrays nest deeper than \(maximumDepth)") }
            i += 1
            var fields: [String: Tree] = [:]
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
            guard depth < maximumDepth else { throw JSONReadError(.tooDeep, offset: i, "objects and arrays nest deeper than \(maximumDepth)") }
            i += 1
            var values: [Tree] = []
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
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            let number = try number()
            do {
                return try Tree.number(number)
            } catch {
                throw JSONReadError(.refused, offset: start, error.reason)
            }
        default: throw failure("not a JSON value")
        }
    }

    @inlinable
    mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            i + count <= bytes.count && (0..<count).allSatisfy { bytes[i + $0] == expected[$0] }
        }
        guard matches else { throw failure("not a JSON value") }
        i += count
    }

    @inlinable
    func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9") }

    /// A number in JSON's grammar. Integers of up to 18 digits are computed from the digits; anything else is
    /// converted by the standard library's correctly rounded parser.
    @inlinable
    mutating func number() throws(JSONReadError) -> JSONNumber {
        let start = i
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard isDigit(i) else { throw failure("a digit expected", at: start) }
        let digitsStart = i
        var magnitude: UInt64 = 0
        var overflow = false
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            guard !isDigit(i) else { throw failure("a number with a leading zero") }
        } else {
            while isDigit(i) {
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = sum
                i += 1
            }
        }
        let integerDigits = i - digitsStart
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw failure("a digit expected after '.'") }
            while isDigit(i) { i += 1 }
            isInteger = false
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard isDigit(i) else { throw failure("a digit expected in the exponent") }
            while isDigit(i) { i += 1 }
            isInteger = false
        }
        var integer: Int64?
        if isInteger, !overflow {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                integer = magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
            } else if !negative, magnitude <= UInt64(Int64.max) {
                integer = Int64(magnitude)
            }
        }
        let double: Double
        if let integer, integerDigits <= 15 {
            double = Double(integer)  // exact below 2^53
        } else {
            guard let parsed = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)), parsed.isFinite else {
                throw failure("a number beyond the range of a double", at: start)
            }
            double = parsed
        }
        return JSONNumber(double: double, integer: integer, isIntegerText: isInteger)
    }

    /// A string at `i` (its opening quote), escapes resolved.
    @inlinable
    mutating func string() throws(JSONReadError) -> String {
        i += 1
        let start = i
        // The common case: no escapes, the bytes are the string.
        var high: UInt8 = 0
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            high |= bytes[i]
            i += 1
        }
        guard i < bytes.count else { throw failure("the text ends inside a string", at: start) }
        if bytes[i] == UInt8(ascii: "\"") {
            i += 1
            guard let string = Self.utf8(UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), ascii: high < 0x80) else {
                throw failure("a string that is not UTF-8", at: start)
            }
            return string
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while true {
            guard i < bytes.count else { throw failure("the text ends inside a string", at: start) }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { break }
            guard b >= 0x20 else { throw failure("a control character inside a string") }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { throw failure("the text ends inside a string", at: start) }
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
                // Not a surrogate, so a valid scalar.
                out.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: throw failure("an unknown escape", at: i - 1)
            }
        }
        i += 1
        guard let string = out.withUnsafeBufferPointer({ Self.utf8($0, ascii: false) }) else { throw failure("a string that is not UTF-8", at: start) }
        return string
    }

    /// The string of UTF-8 `bytes`, or nil when they are not UTF-8. `String(validating:as:)` is generic, and its
    /// type metadata, looked up at every call, was a quarter of the time to read a chat request. Decoding (which
    /// repairs what is not UTF-8) and comparing the string with the bytes are not generic; ASCII bytes (`ascii`: none
    /// of 0x80 or more) need no repair, so their string is not compared.
    @inlinable
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        let string = String(decoding: bytes, as: UTF8.self)
        return ascii || string.utf8.elementsEqual(bytes) ? string : nil
    }

    @inlinable
    mutating func hex4() throws(JSONReadError) -> UInt32 {
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
