/// Writes compact JSON text: the pieces every tree of values writes the same way.
public enum JSONWriter {
    /// A string, escaped minimally: `"`, `\` and the control characters (as `\n`, `\t`, `\r`, `\b`, `\f` or
    /// `\u00XX`); every other byte is copied, in runs.
    @inlinable
    public static func write(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                default:
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Hex.digits[Int(byte >> 4)], Hex.digits[Int(byte & 0x0F)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A number: an integral one below 10^15 as an integer, another as its shortest round-tripping decimal (what
    /// `JSONEncoder` writes), one that is not finite (which no JSON text holds) as null.
    @inlinable
    public static func write(number value: Double, to out: inout [UInt8]) {
        if !value.isFinite {
            out.append(contentsOf: "null".utf8)
        } else if value.rounded() == value, abs(value) < 1e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// An array, each element written by `element`.
    @inlinable
    public static func write<Element>(array values: [Element], to out: inout [UInt8], element: (Element, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            element(value, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// An object with its keys sorted by their UTF-8 bytes (the same object is the same text), each value written by
    /// `value`.
    @inlinable
    public static func write<Value>(object fields: [String: Value], to out: inout [UInt8], value: (Value, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "{"))
        for (i, field) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            write(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            value(field.value, &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
