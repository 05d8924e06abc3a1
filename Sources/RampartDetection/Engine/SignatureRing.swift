/// The prompt signatures of one principal's last calls, with their times, in a ring of fixed size: enough to
/// count how many recent prompts are near-identical to the newest.
struct SignatureRing: Sendable {
    private var signatures: ContiguousArray<UInt64> = []
    private var times: ContiguousArray<Double> = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        signatures.reserveCapacity(self.capacity)
        times.reserveCapacity(self.capacity)
    }

    /// Records a signature at `time`; returns how many kept signatures (this one included) within `window` seconds
    /// are within `distance` bits of it, and the earliest time among them.
    mutating func record(_ signature: UInt64, at time: Double, window: Double, distance: Int) -> (count: Int, first: Double) {
        if signatures.count < capacity {
            signatures.append(signature)
            times.append(time)
        } else {
            signatures[next] = signature
            times[next] = time
            next = (next + 1) % capacity
        }
        var count = 0
        var first = time
        for index in signatures.indices where time - times[index] <= window && (signatures[index] ^ signature).nonzeroBitCount <= distance {
            count += 1
            first = min(first, times[index])
        }
        return (count, first)
    }
}
