/// The times of the last `threshold` events of one subject, in a ring: a burst is the ring full with its oldest
/// event inside the window. Memory is fixed by the threshold.
struct SlidingWindow: Sendable {
    private var times: [Double]
    private var next = 0
    let threshold: Int

    init(threshold: Int) {
        self.threshold = max(1, threshold)
        times = []
        times.reserveCapacity(self.threshold)
    }

    /// Records an event at `time` (seconds); returns whether `threshold` events now fall within `window` seconds.
    mutating func record(_ time: Double, window: Double) -> Bool {
        if times.count < threshold {
            times.append(time)
        } else {
            times[next] = time
            next = (next + 1) % threshold
        }
        guard times.count == threshold else { return false }
        let oldest = times[next % threshold]
        return time - oldest <= window
    }

    /// The time of the oldest event kept.
    var oldest: Double? { times.isEmpty ? nil : times.count < threshold ? times[0] : times[next % threshold] }
}
