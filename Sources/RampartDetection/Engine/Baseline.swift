/// What one principal usually does, hour by hour: for each of 48 slots (the 24 hours of a weekday and of a weekend
/// day, UTC) an exponentially weighted mean and variance of its requests and tokens per hour, and how many hours
/// of that slot have been seen. The hour in progress is counted apart and folded into its slot when the next
/// hour starts; hours without any call fold in as zeros (at most a week of them), so a quiet hour is learnt as quiet.
///
/// Fixed size: 48 slots of five half-precision numbers, about 0.5 KB per principal. Half precision
/// (three significant digits) is plenty to tell a spike from an ordinary hour; to stay in its range (up to 65504),
/// requests are kept in sixteens and tokens in thousands (a million requests or 65 million tokens an hour), and
/// spreads as standard deviations, not variances.
struct Baseline: Sendable {
    static let slots = 48
    /// The weight of the newest hour: small, so that one odd hour moves the baseline little.
    static let alpha: Float = 0.1
    /// What one stored unit is worth, by measure (requests, tokens).
    static let units: (requests: Float, tokens: Float) = (16, 1000)

    /// Per slot, five numbers in one allocation: mean and standard deviation of requests, mean and standard
    /// deviation of tokens (in `units`), and the hours seen (a whole number, saturating at 255).
    private var moments: ContiguousArray<Float16>
    static let stride = 5
    /// The hour in progress (hours since 1970) and its counts.
    private(set) var hour: Int64
    private(set) var requests: Float = 0
    private(set) var tokens: Float = 0

    init(hour: Int64) {
        moments = ContiguousArray(repeating: 0, count: Self.slots * Self.stride)
        self.hour = hour
    }

    /// The slot of an hour since 1970: weekday or weekend, and the hour of the day (UTC).
    static func slot(of hour: Int64) -> Int {
        let day = hour.floorDivided(by: 24)
        // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
        let weekend = (day + 3).modulo(7) >= 5
        return (weekend ? 24 : 0) + Int(hour.modulo(24))
    }

    /// Counts one call of `tokens` tokens at `hour`, folding the hours that ended before it into their slots.
    mutating func count(at hour: Int64, tokens: Int) {
        if hour > self.hour {
            fold(self.hour, requests: requests, tokens: self.tokens)
            let idle = min(hour - self.hour - 1, 7 * 24)
            var quiet = hour - idle
            while quiet < hour {
                fold(quiet, requests: 0, tokens: 0)
                quiet += 1
            }
            self.hour = hour
            requests = 0
            self.tokens = 0
        }
        // An event older than the hour in progress (out of order) counts in it: a few seconds' skew, not a new hour.
        requests += 1
        self.tokens += Float(tokens)
    }

    private mutating func fold(_ hour: Int64, requests: Float, tokens: Float) {
        let slot = Self.slot(of: hour)
        let base = slot * Self.stride
        if moments[base + 4] == 0 {
            moments[base] = Float16(requests / Self.units.requests)
            moments[base + 2] = Float16(tokens / Self.units.tokens)
        } else {
            Self.update(&moments, at: base, with: requests / Self.units.requests)
            Self.update(&moments, at: base + 2, with: tokens / Self.units.tokens)
        }
        if moments[base + 4] < 255 { moments[base + 4] += 1 }
    }

    /// West's exponentially weighted mean and variance (kept as its root), at `index` and `index + 1`.
    private static func update(_ moments: inout ContiguousArray<Float16>, at index: Int, with value: Float) {
        let mean = Float(moments[index]), deviation = Float(moments[index + 1])
        let delta = value - mean
        moments[index] = Float16(mean + alpha * delta)
        moments[index + 1] = Float16(((1 - alpha) * (deviation * deviation + alpha * delta * delta)).squareRoot())
    }

    /// What the baseline expects of an hour of `slot`: hours seen, and mean and standard deviation of the measure.
    func expected(_ measure: DetectionRule.Measure, slot: Int) -> (seen: Int, mean: Float, deviation: Float) {
        let base = slot * Self.stride + (measure == .requests ? 0 : 2)
        let unit = measure == .requests ? Self.units.requests : Self.units.tokens
        return (Int(moments[slot * Self.stride + 4]), Float(moments[base]) * unit, Float(moments[base + 1]) * unit)
    }

    /// The hour in progress so far, by measure.
    func current(_ measure: DetectionRule.Measure) -> Float { measure == .requests ? requests : tokens }

    /// The hour in progress and what its slot expects, copied out (the baseline itself stays in its table).
    struct Reading: Sendable {
        var hour: Int64
        var requests: Float
        var tokens: Float
        var expectedRequests: (seen: Int, mean: Float, deviation: Float)
        var expectedTokens: (seen: Int, mean: Float, deviation: Float)
        /// On the first call of an hour only (else 0): the mean requests per hour over the slots seen.
        var typicalRequests: Float

        func current(_ measure: DetectionRule.Measure) -> Float { measure == .requests ? requests : tokens }
        func expected(_ measure: DetectionRule.Measure) -> (seen: Int, mean: Float, deviation: Float) {
            measure == .requests ? expectedRequests : expectedTokens
        }
    }

    var reading: Reading {
        let slot = Self.slot(of: hour)
        var typical: Float = 0
        if requests == 1 {
            var sum: Float = 0, slots: Float = 0
            for slot in 0..<Self.slots where moments[slot * Self.stride + 4] > 0 {
                sum += Float(moments[slot * Self.stride]) * Self.units.requests
                slots += 1
            }
            typical = slots > 0 ? sum / slots : 0
        }
        return Reading(hour: hour, requests: requests, tokens: tokens, expectedRequests: expected(.requests, slot: slot),
                       expectedTokens: expected(.tokens, slot: slot), typicalRequests: typical)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 { (self - (self % divisor + divisor) % divisor) / divisor }
    func modulo(_ divisor: Int64) -> Int64 { (self % divisor + divisor) % divisor }
}
