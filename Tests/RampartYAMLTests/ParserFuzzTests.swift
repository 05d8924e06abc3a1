import RampartCore
import RampartYAML
import Testing

/// Mutates valid documents at random (seeded, bounded) and checks that decoding either succeeds or throws
/// `InputErrors` with a location: never crashes, never hangs, never reports a problem without a file.
@Suite struct ParserFuzzTests {
    static let seeds = [
        "host: gw\nport: 8443\ntls: true\ntags: [a, b]\nlimits:\n  rate: 2.5\n",
        "host: \"quoted: value\"\nport: 1\ntags:\n  - x\n  - y\n",
    ]
    static let alphabet: [Character] = Array(":-[]{}\"'#&*!|>%@`,?\n \t0aé\u{0}\u{202E}")

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    @Test(arguments: 0..<4)
    func mutatedDocumentsFailCleanly(round: Int) {
        var random = Generator(state: 0x9E37_79B9_7F4A_7C15 &+ UInt64(round))
        for _ in 0..<500 {
            var text = Array(Self.seeds[random.below(Self.seeds.count)])
            for _ in 0..<(1 + random.below(6)) {
                let position = random.below(text.count + 1)
                switch random.below(3) {
                case 0: text.insert(Self.alphabet[random.below(Self.alphabet.count)], at: position)
                case 1: if position < text.count { text.remove(at: position) }
                default: if position < text.count { text[position] = Self.alphabet[random.below(Self.alphabet.count)] }
                }
            }
            do {
                _ = try decode(String(text))
            } catch {
                #expect(!error.errors.isEmpty)
                #expect(error.errors.allSatisfy { $0.location?.file == "server.yaml" })
            }
        }
    }
}
