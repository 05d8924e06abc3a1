/// Group commit as a pure state machine: appends that arrive while a batch is being written wait and go together
/// in the next one, so one durable commit serves many appends. At most one batch is written at a time.
struct GroupCommit<Item: Sendable>: Sendable {
    enum Action {
        case none
        /// Write these items, in this order, then call `written()`.
        case write([Item])
    }

    let maximumBatch: Int
    private(set) var pending: [Item] = []
    private(set) var writing = false

    init(maximumBatch: Int) {
        precondition(maximumBatch > 0)
        self.maximumBatch = maximumBatch
    }

    /// An item to append: written at once if nothing is being written, else in the next batch.
    mutating func submit(_ item: Item) -> Action {
        pending.append(item)
        return writing ? .none : next()
    }

    /// The batch in flight is done (written or failed): the next one, if anything is waiting.
    mutating func written() -> Action {
        precondition(writing, "written() without a batch in flight")
        writing = false
        return pending.isEmpty ? .none : next()
    }

    private mutating func next() -> Action {
        let count = min(pending.count, maximumBatch)
        let batch = Array(pending.prefix(count))
        pending.removeFirst(count)
        writing = true
        return .write(batch)
    }
}
