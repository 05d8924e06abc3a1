import RampartIdentity
import Testing

@Suite struct APIKeyFormatTests {
    @Test func generatedKeysAreWellFormedAndDistinct() {
        var seen: Set<String> = []
        for _ in 0..<200 {
            let key = APIKeyFormat.generate()
            #expect(key.count == APIKeyFormat.length)
            #expect(key.hasPrefix("rmp_"))
            #expect(APIKeyFormat.isWellFormed(key), "\(key)")
            #expect(seen.insert(key).inserted)
        }
    }

    /// Every single-character change is caught by the checksum (CRC32 detects all single-symbol errors here).
    @Test func everySingleCharacterChangeIsCaught() {
        let key = APIKeyFormat.generate()
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var chars = Array(key)
        for i in 4..<chars.count {
            let original = chars[i]
            for replacement in alphabet where replacement != original {
                chars[i] = replacement
                #expect(!APIKeyFormat.isWellFormed(String(chars)), "position \(i)")
            }
            chars[i] = original
        }
    }

    @Test(arguments: ["", "rmp_", "rmp_short", "sk-proj-abcdef", "RMP_" + String(repeating: "a", count: 49), "rmp_" + String(repeating: "-", count: 49)])
    func malformedKeysAreRecognised(_ text: String) {
        #expect(!APIKeyFormat.isWellFormed(text))
    }

    @Test func theHashIsKeyedAndStable() {
        let a = APIKeyHasher(secret: Array("a".utf8)), b = APIKeyHasher(secret: Array("b".utf8))
        let key = APIKeyFormat.generate()
        #expect(a.hash(key) == a.hash(key))
        #expect(a.hash(key) != b.hash(key))
        #expect(a.hash(key).count == 64)
        #expect(!a.hash(key).contains(key))
    }

    @Test func theIDIsThePrefixAndEightCharacters() {
        let key = APIKeyFormat.generate()
        #expect(APIKeyFormat.id(of: key) == String(key.prefix(12)))
    }
}
