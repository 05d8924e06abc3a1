/// The times of the last `threshold` events of one subject, in a ring: a burst is the ring full with its oldest
/// event inside the window. Memory is fixed by the threshold: whole seconds since 1970, four bytes an event (bursts
/// are counted over windows of seconds to minutes, not told apart by fractions of a second).
struct SlidingWindow: Sendable {
    private var times: ContiguousArray<UInt32>
    private var nextIndex: UInt32 = 0
    private let size: UInt32

    var threshold: Int { Int(size) }
    private var next: Int {
        get { Int(nextIndex) }
        set { nextIndex = UInt32(newValue) }
    }

    /// The ring grows as events come (most subjects never fill it), up to `threshold`.
    init(threshold: Int) {
        size = UInt32(clamping: max(1, threshold))
        times = []
    }

    /// Records an event at `time` (seconds); returns whether `threshold` events now fall within `window` seconds.
    mutating func record(_ time: Double, window: Double) -> Bool {
        let second = UInt32(clamping: Int64(time.rounded(.down)))
        if times.count < threshold {
            times.append(second)
        } else {
            times[next] = second
            next = (next + 1) % threshold
        }
        guard times.count == threshold else { return false }
        let oldest = times[next % threshold]
        return Double(second &- min(oldest, second)) <= window
    }

    /// The time of the oldest event kept.
    var oldest: Double? { times.isEmpty ? nil : Double(times.count < threshold ? times[0] : times[next % threshold]) }
}
