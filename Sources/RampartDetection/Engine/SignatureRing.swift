/// The prompt signatures of one principal's last calls, with their times, in a ring of fixed size: enough to
/// count how many recent prompts are near-identical to the newest.
struct SignatureRing: Sendable {
    private var signatures: ContiguousArray<UInt64> = []
    /// Whole seconds since 1970 (a burst of prompts is not told apart by fractions of a second).
    private var times: ContiguousArray<UInt32> = []
    private var nextIndex: UInt32 = 0
    private let size: UInt32

    var capacity: Int { Int(size) }
    private var next: Int {
        get { Int(nextIndex) }
        set { nextIndex = UInt32(newValue) }
    }

    /// The ring grows as prompts come (most principals send few), up to `capacity`.
    init(capacity: Int) {
        size = UInt32(clamping: max(1, capacity))
    }

    /// Records a signature at `time`; returns how many kept signatures (this one included) within `window` seconds
    /// are within `distance` bits of it, and the earliest time among them.
    mutating func record(_ signature: UInt64, at time: Double, window: Double, distance: Int) -> (count: Int, first: Double) {
        let second = UInt32(clamping: Int64(time.rounded(.down)))
        if signatures.count < capacity {
            signatures.append(signature)
            times.append(second)
        } else {
            signatures[next] = signature
            times[next] = second
            next = (next + 1) % capacity
        }
        var count = 0
        var first = second
        for index in signatures.indices where Double(second &- min(times[index], second)) <= window
            && (signatures[index] ^ signature).nonzeroBitCount <= distance {
            count += 1
            first = min(first, times[index])
        }
        return (count, Double(first))
    }
}
