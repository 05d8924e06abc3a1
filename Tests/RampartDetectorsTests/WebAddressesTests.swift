@testable import RampartDetectors
import Testing

/// A web address's tokens share one place in the lexicon's reach; every other token has a place of its own.
@Suite struct WebAddressesTests {
    @Test(arguments: [
        ("no address here, just words", nil as [Int]?),
        ("go https://a.example/x?y=1 now", [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]),
        // A word after a word ends the address (a space was between them); so does a mark no address has.
        ("see http://a.example b", [0, 1, 1, 1, 1, 1, 1, 1, 2]),
        ("(http://a.example), then", [0, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4]),
        // A scheme without its slashes is a word.
        ("https: not an address", nil),
        // `$` and `@` are word bytes to the tokenizer: a word of the address, not a mark that ends it.
        ("at https://a.example/$ and", [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]),
        ("two: https://a.example and https://b.example/c", [0, 1, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
    ] as [(String, [Int]?)])
    func addressesShareAPlace(_ text: String, _ places: [Int]?) {
        let tokens = InjectionFeatures.tokenize(text)
        #expect(WebAddresses.places(tokens) == places, "\(tokens.strings)")
    }

    /// The reach ends after the tokens within that many places.
    @Test func theReachCountsPlaces() {
        let places = [0, 1, 1, 1, 1, 2, 3, 4]
        #expect(WebAddresses.end(from: 0, reach: 1, places: places) == 5)
        #expect(WebAddresses.end(from: 0, reach: 2, places: places) == 6)
        #expect(WebAddresses.end(from: 5, reach: 10, places: places) == 8)
    }
}
