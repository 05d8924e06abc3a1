/// The letters and digits of a candidate identifier, as `NationalIDDetectors.token` reads them, kept in place:
/// nothing is allocated or cleared per candidate, and the identifier detectors read one at most numbers of a text.
struct IdentifierChars: RandomAccessCollection, MutableCollection {
    /// Room for more than the longest identifier (16 characters) and the one character that shows a token is longer.
    private var storage = InlineArray<24, UInt8>(repeating: 0)
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> UInt8 {
        get { storage[i] }
        set { storage[i] = newValue }
    }

    /// Appends a character; false, with nothing appended, when there is no room.
    @discardableResult mutating func append(_ b: UInt8) -> Bool {
        guard count < storage.count else { return false }
        storage[count] = b
        count &+= 1
        return true
    }

    mutating func removeAll() { count = 0 }

    /// The value of the digit at each place (for characters that are digits): read in place, not copied into an array.
    func digit(_ i: Int) -> Int { Int(storage[i] &- 48) }
}
