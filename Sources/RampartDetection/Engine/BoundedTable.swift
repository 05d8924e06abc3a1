/// A dictionary that holds at most `capacity` entries: past it, the least recently touched eighth is dropped at
/// once, so memory stays bounded however many principals, keys and networks pass by, at an amortized cost of a
/// logarithmic factor per insertion.
struct BoundedTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let capacity: Int
    private var entries: [Key: (value: Value, touched: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(8, capacity)
    }

    var count: Int { entries.count }

    subscript(key: Key) -> Value? {
        get { entries[key]?.value }
    }

    /// Reads and changes the entry for `key` (made by `make` when absent), marking it recently used.
    mutating func update<T>(_ key: Key, make: () -> Value, _ body: (inout Value) -> T) -> T {
        clock &+= 1
        if let index = entries.index(forKey: key) {
            // In place: the dictionary's values are mutated through their index, without a copy.
            entries.values[index].touched = clock
            return body(&entries.values[index].value)
        }
        var value = make()
        let result = body(&value)
        entries[key] = (value, clock)
        if entries.count > capacity { evict() }
        return result
    }

    private mutating func evict() {
        let drop = max(1, capacity / 8)
        let oldest = entries.sorted { $0.value.touched < $1.value.touched }.prefix(drop).map(\.key)
        for key in oldest { entries[key] = nil }
    }
}
