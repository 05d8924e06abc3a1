/// Fake conversation turns: the special tokens of chat templates (`<|im_start|>system`, `[INST]`, `<<SYS>>`,
/// `<|endoftext|>`, Bing's `[system](#instructions)`...) and a closed role tag opening another role (`</user><system>`), in
/// any case. A client has no reason to send a model its own turn delimiters; text that holds them is trying to start a
/// turn the application did not write.
enum ConversationMarkers {
    static let specialTokens: [[UInt8]] = [
        "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<|system|>", "<|user|>", "<|assistant|>", "<|start_header_id|>",
        "<|end_header_id|>", "<|eot_id|>", "<|begin_of_text|>", "<start_of_turn>", "<end_of_turn>", "[INST]", "[/INST]",
        "<<SYS>>", "<</SYS>>",
        // Bing Chat's turns as Markdown links, copied by injections in web pages ("[system](#additional_instructions)");
        // the fragment named, so that a table of contents ("[System](#system)") is not one.
        "[system](#additional_instructions)", "[system](#instructions)", "[system](#context)", "[system](#message)", "[user](#message)",
        "[assistant](#message)",
    ].map { Array($0.lowercased().utf8) }

    static let closingRoles: [[UInt8]] = ["</user>", "</system>", "</assistant>", "</human>", "</ai>"].map { Array($0.utf8) }
    static let openingRoles: [[UInt8]] = ["<system>", "<assistant>", "<user>", "<human>", "<ai>", "<developer>"].map { Array($0.utf8) }

    /// The byte range of the first marker, if there is one.
    static func first(in t: ByteText) -> Range<Int>? {
        var i = 0
        var cursor = ByteCursor(UInt8(ascii: "<")), bracket = ByteCursor(UInt8(ascii: "["))
        while i < t.count {
            i = min(cursor.next(in: t, from: i), bracket.next(in: t, from: i))
            guard i < t.count else { return nil }
            if let token = specialTokens.first(where: { ASCII.hasPrefix(t, at: i, $0) }) {
                return i..<(i + token.count)
            }
            if let closing = closingRoles.first(where: { ASCII.hasPrefix(t, at: i, $0) }) {
                var k = i + closing.count
                while k < t.count, ASCII.oneOf(" \t\r\n", t[k]) { k += 1 }
                // Another role: `</user><user>` is a list of users in XML, not a new turn.
                if let opening = openingRoles.first(where: { ASCII.hasPrefix(t, at: k, $0) }), !closing.dropFirst(2).elementsEqual(opening.dropFirst()) {
                    return i..<(k + opening.count)
                }
            }
            i += 1
        }
        return nil
    }
}
