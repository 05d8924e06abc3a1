/// The detectors' randomized tests' numbers: a 64-bit linear congruential generator read from its high bits, so a
/// seed always gives the same texts.
struct Seeded {
    private var state: UInt64

    init(_ seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33) % bound
    }
}
