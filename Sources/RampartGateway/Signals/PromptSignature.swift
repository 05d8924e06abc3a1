/// A 64-bit SimHash of a prompt's words: prompts that share most of their words have signatures a few bits apart,
/// unrelated ones about half their bits apart. It says how alike two prompts are, not what they say, and is
/// recorded only for calls to fine-tuned and self-trained models (scopes 4 and 5), where many near-identical prompts
/// are how a model is extracted.
public enum PromptSignature {
    public static func of(_ text: String) -> UInt64 {
        var weights = [Int32](repeating: 0, count: 64)
        var word: UInt64 = 0xCBF2_9CE4_8422_2325
        var inWord = false
        func add(_ hash: UInt64) {
            // Spread the word's FNV hash (splitmix64's finaliser) so neighbouring hashes share no bit pattern.
            var z = hash &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for bit in 0..<64 { weights[bit] += (z >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                for byte in String(scalar).lowercased().utf8 { word = (word ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
                inWord = true
            } else if inWord {
                add(word)
                word = 0xCBF2_9CE4_8422_2325
                inWord = false
            }
        }
        if inWord { add(word) }
        var signature: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 { signature |= 1 << UInt64(bit) }
        return signature
    }
}
