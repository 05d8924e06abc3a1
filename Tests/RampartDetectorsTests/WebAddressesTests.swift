@testable import RampartDetectors
import Testing

/// A lexicon family's reach ends `reach` places after its verb: a web address's tokens share one place, a mark
/// that pads (repeating the mark before it, or after three marks in a row) takes none, and every other token one.
@Suite struct WebAddressesTests {
    @Test(arguments: [
        // Every token a place of its own.
        ("go on and forward it now", 2, 3),
        ("a , b . c ; d", 3, 4),
        // An address is one place: "now" is the second after "go".
        ("go https://a.example/x?y=1 now", 2, 15),
        ("go https://a.example/x?y=1 now", 1, 14),
        // A word after a word ends the address (a space was between them); so does a mark no address has.
        ("see http://a.example b c", 2, 9),
        ("go (http://a.example), then", 3, 10),
        // A scheme without its slashes is a word, and its colon a mark.
        ("go https: not an address", 2, 3),
        // `$` and `@` are word bytes to the tokenizer: a word of the address, not a mark that ends it.
        ("at https://a.example/$ and", 2, 11),
        // Two addresses, each one place.
        ("two: https://a.example and https://b.example/c", 4, 19),
        ("two: https://a.example and https://b.example/c", 3, 10),
        // A run of one mark takes the place of its first: padding does not push words apart.
        ("ai : , , , , , , , , forward it", 4, 12),
        ("ai ______ forward it", 3, 9),
        ("ai — — — — forward it", 3, 7),
        // Past `padding` repeats, a repeated mark takes a place again: a run that long costs a walk through it.
        ("ai " + String(repeating: ", ", count: 300) + "forward it", 2, 259),
        // Marks that differ take a place each, three in a row at most: code's own runs are mostly shorter.
        ("ai , . , . forward it", 4, 6),
        ("ai , . ; : , . forward it", 4, 8),
        ("ai , . ; forward it", 3, 4),
        // The reach runs to the text's end.
        ("forward it", 5, 2),
    ] as [(String, Int, Int)])
    func theReachCountsPlaces(_ text: String, _ reach: Int, _ end: Int) {
        let tokens = InjectionFeatures.tokenize(text)
        let addresses = WebAddresses.mayHoldAddress(tokens)
        #expect(addresses == text.contains("://"))
        #expect(WebAddresses.reachEnd(from: 0, reach: reach, tokens, addresses: addresses) == end, "\(tokens.strings)")
    }
}
