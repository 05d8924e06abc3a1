import Foundation

/// Person names, street addresses and dates of birth: the detectors that read words rather than digits.
///
/// Names are found by context ("my name is", titles, greetings) or by a first name from the gazetteer
/// (Resources/first-names.txt, built by scripts/train/build_gazetteer.py) followed by a capitalised word. They miss
/// names without either (a lone surname, a name in lower case, names from cultures the gazetteer lacks) and can
/// take a capitalised first name that is also a common word at the start of a sentence for a name.
struct PeopleAndPlaces: Sendable {
    let firstNames: WordSet

    init(firstNames: Set<String>) {
        self.firstNames = WordSet(firstNames)
    }

    static let titles: WordSet = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "mlle", "herr", "frau", "sr", "sra", "sig", "signora", "dhr", "mevr"]
    static let leadIns: [[String]] = [
        ["my", "name", "is"], ["name", "is"], ["i", "am"], ["i'm"], ["this", "is"], ["dear"], ["hi"], ["hello"], ["contact"], ["patient"],
        ["customer"], ["employee"], ["je", "m'appelle"], ["mi", "chiamo"], ["me", "llamo"], ["ich", "heiße"], ["ich", "heisse"],
        ["mijn", "naam", "is"], ["signed"], ["regards"], ["from"], ["for"], ["by"], ["with"], ["named"], ["called"],
        ["last", "name"], ["first", "name"], ["surname"], ["full", "name"], ["your", "name"], ["name"],
    ]
    /// The last word of every lead-in: a word after anything else is not preceded by one.
    static let leadInEnds = WordSet(leadIns.compactMap(\.last))
    /// Places that are also first names somewhere ("France", "Jordan", "Georgia"): never a name on their own.
    static let places: WordSet = ["france", "jordan", "georgia", "chad", "israel", "india", "kenya", "lebanon", "virginia", "carolina",
                                      "florence", "paris", "sydney", "victoria", "austin", "dallas", "denver", "phoenix", "charlotte",
                                      "jackson", "madison", "orlando", "houston", "savannah", "brooklyn", "chelsea", "cairo", "china",
                                      "egypt", "italia", "italy", "america", "asia", "africa", "europe", "london", "berlin", "roma", "rome",
                                      "vienna", "santiago", "lima", "sofia", "valencia", "alexandria", "regina", "aurora", "montana",
                                      "dakota", "nevada", "indiana", "kansas", "washington", "lincoln", "columbia", "colombia", "peru",
                                      "bolivia", "argentina", "ireland", "scotland", "wales", "holland", "norway", "sweden", "finland",
                                      "germany", "spain", "portugal", "brazil", "canada", "mexico", "cuba", "jamaica", "haiti", "monaco"]
    static let notNames: WordSet = ["i", "the", "a", "an", "and", "or", "but", "if", "my", "your", "our", "this", "that", "it", "he", "she",
                                        "we", "they", "please", "thanks", "thank", "hello", "hi", "dear", "can", "could", "would", "will",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                                        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    func names(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        var k = 0
        while k < words.count {
            // Every way in starts at a capitalised word.
            guard words[k].capitalized else { k += 1; continue }
            let word = words[k]
            let lower = word.lower
            var start: Int?
            var score = 0.0
            if !word.isNumber, firstNames.contains(word), !Self.notNames.contains(word),
               k + 1 < words.count, words[k + 1].capitalized, !words[k + 1].isNumber, adjacent(t, word, words[k + 1]) {
                start = k
                score = 0.85
            } else if !word.isNumber, !Self.notNames.contains(word), precededByLeadIn(words, k) {
                start = k
                score = firstNames.contains(word) ? 0.9 : 0.75
            }
            if start == nil, !word.isNumber, lower.count >= 3, firstNames.contains(word), !Self.notNames.contains(word),
               !Self.places.contains(word), !startsSentence(t, word) || followedByNameMark(t, word) {
                // A first name on its own, inside a sentence or addressed ("Melanie:", "Kelly?").
                start = k
                score = 0.6
            }
            guard let first = start else { k += 1; continue }
            var last = first
            while last + 1 < words.count, last - first < 3, words[last + 1].capitalized, !words[last + 1].isNumber,
                  adjacent(t, words[last], words[last + 1]), !Self.notNames.contains(words[last + 1]) {
                last += 1
            }
            // A lone capitalised word after a lead-in is a name only if the gazetteer knows it.
            if last == first, !firstNames.contains(word) { k += 1; continue }
            out.append(RawFinding(category: .pii, type: "PERSON", range: words[first].range.lowerBound..<words[last].range.upperBound, score: score))
            k = last + 1
        }
    }

    /// Whether the word begins a sentence (capitalised for that reason alone).
    func startsSentence(_ t: ByteText, _ word: Word) -> Bool {
        var i = word.range.lowerBound - 1
        while i >= 0, t[i] == UInt8(ascii: " ") || t[i] == UInt8(ascii: "\"") || t[i] == UInt8(ascii: "'") { i -= 1 }
        return i < 0 || ASCII.oneOf(".!?\n:;", t[i])
    }

    /// Whether the word is followed by a mark that addresses or introduces a person ("Melanie:", "Kelly?", "Asya,").
    func followedByNameMark(_ t: ByteText, _ word: Word) -> Bool {
        let i = word.range.upperBound
        return i < t.count && ASCII.oneOf(":,?!", t[i])
    }

    /// Words separated only by spaces (or a title's period), not by a sentence end or a line break.
    func adjacent(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        return gap.count <= 2 && gap.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ".") } && !(gap.first == UInt8(ascii: ".") && gap.count == 1)
    }

    func precededByLeadIn(_ words: [Word], _ k: Int) -> Bool {
        guard k > 0 else { return false }
        if Self.titles.contains(words[k - 1]) { return true }
        guard Self.leadInEnds.contains(words[k - 1]) else { return false }
        for leadIn in Self.leadIns where k >= leadIn.count {
            if zip(words[(k - leadIn.count)..<k], leadIn).allSatisfy({ $0.lower == $1 }) { return true }
        }
        return false
    }

    static let streetSuffixes: WordSet = [
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "way", "place", "pl",
        "square", "sq", "terrace", "parkway", "pkwy", "circle", "cir", "highway", "hwy", "alley", "crescent", "close", "gardens", "grove",
        "row", "walk", "hill", "park", "trail", "route", "plaza", "expressway", "freeway", "pike", "loop", "mews", "point", "ridge",
    ]
    static let streetWordsBefore: WordSet = ["rue", "via", "calle", "avenida", "avenue", "boulevard", "chemin", "piazza", "viale", "corso",
                                                 "plaza", "paseo", "rua", "strada", "allée", "impasse", "carrer", "camino"]
    /// Whether a lower-case word ends in a street word and has at least two more characters before it.
    static func hasStreetEnding(_ lower: String) -> Bool {
        guard let last = lower.utf8.last, streetEndingLastBytes.contains(last) else { return false }
        var lower = lower
        return lower.withUTF8 { word in
            streetEndingBytes.contains { ending in
                guard word.count > ending.count, word.suffix(ending.count).elementsEqual(ending) else { return false }
                // Characters before the ending: count the bytes that start a scalar.
                var before = 0
                for b in word.prefix(word.count - ending.count) where b & 0xC0 != 0x80 {
                    before += 1
                    if before == 2 { return true }
                }
                return false
            }
        }
    }

    static let streetEndingBytes = streetEndings.map { Array($0.utf8) }
    static let streetEndingLastBytes = ByteSet(streetEndingBytes.compactMap(\.last))

    static let streetEndings = ["straße", "strasse", "str", "weg", "laan", "straat", "gracht", "plein", "gasse", "katu", "tie", "gatan",
                                "vägen", "vej", "gade", "allee", "ring", "kade", "dijk", "platz", "ulica", "utca"]

    static let militaryPost: WordSet = ["apo", "fpo", "dpo"]
    static let boxesAndMilitaryPost: WordSet = ["box", "apo", "fpo", "dpo"]

    func addresses(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Post office boxes and military addresses: "P.O. Box 287", "PSC 2581, Box 0041 APO AP 32376".
        for k in words.indices where Self.boxesAndMilitaryPost.contains(words[k]) {
            let w = words[k]
            if w.lower == "box", k + 1 < words.count, words[k + 1].isNumber, k > 0, ["o", "p.o", "po", "psc", "unit", "cmr"].contains(words[k - 1].lower) || words[k - 1].isNumber {
                let start = k >= 2 && words[k - 1].isNumber && ["psc", "unit", "cmr"].contains(words[k - 2].lower) ? k - 2 : k - 1
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: words[start].range.lowerBound..<words[k + 1].range.upperBound, score: 0.8))
            }
            if Self.militaryPost.contains(w), k + 2 < words.count, ["aa", "ae", "ap"].contains(words[k + 1].lower), words[k + 2].isNumber {
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[k + 2].range.upperBound, score: 0.8))
            }
        }
        var k = 0
        while k < words.count {
            // "221B Baker Street", "6750 Koskikatu 25", "12 rue de la Paix", "Hauptstraße 5": a number or a capitalised word first.
            guard words[k].startsWithNumber || words[k].capitalized else { k += 1; continue }
            let w = words[k]
            var end: Int?
            if w.startsWithNumber, t.string(w.range).count <= 6 {
                var m = k + 1
                while m < words.count, m - k <= 5, adjacentInLine(t, words[m - 1], words[m]) {
                    let lower = words[m].lower
                    if Self.streetSuffixes.contains(words[m]) || Self.hasStreetEnding(lower) {
                        end = m
                        break
                    }
                    if Self.streetWordsBefore.contains(words[m]), m + 1 < words.count { end = min(words.count - 1, m + 3); break }
                    if !words[m].capitalized, !["de", "la", "del", "di", "van", "von", "der", "du", "des"].contains(lower) { break }
                    m += 1
                }
            } else if w.capitalized, Self.hasStreetEnding(w.lower),
                      k + 1 < words.count, words[k + 1].startsWithNumber, adjacentInLine(t, w, words[k + 1]) {
                end = k + 1
            }
            guard var last = end else { k += 1; continue }
            // Take a following unit or number ("Apt. 864", "Suite 5", "25").
            if last + 1 < words.count, words[last + 1].isNumber || words[last + 1].startsWithNumber, adjacentInLine(t, words[last], words[last + 1]) { last += 1 }
            if last + 2 < words.count, ["apt", "suite", "unit", "flat", "floor"].contains(words[last + 1].lower),
               words[last + 2].startsWithNumber { last += 2 }
            out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[last].range.upperBound, score: 0.8))
            k = last + 1
        }
    }

    func adjacentInLine(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        return gap.count <= 3 && !gap.contains(UInt8(ascii: "\n"))
    }

    static let birthWords: Needles = ["born", "birth", "dob", "d.o.b", "birthday", "né le", "née le", "geboren", "nacido", "nacida", "nato il",
                                        "nata il", "date de naissance", "fecha de nacimiento", "geburtsdatum", "geboortedatum"]

    /// A date within a few words after "born", "date of birth", "DOB" and their equivalents.
    func birthDates(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Only texts that speak of birth have dates of birth.
        guard ASCII.contains(t, in: 0..<t.count, anyOf: Self.birthWords) else { return }
        for (k, w) in words.enumerated() where w.startsWithNumber || Self.months.contains(w) {
            guard ASCII.contains(t, in: max(0, w.range.lowerBound - 32)..<w.range.lowerBound, anyOf: Self.birthWords) else { continue }
            var last = k
            while last + 1 < words.count, last - k < 3, adjacentDate(t, words[last], words[last + 1]) { last += 1 }
            let span = w.range.lowerBound..<words[last].range.upperBound
            let digits = t.bytes[span].filter(ASCII.isDigit).count
            guard digits >= 4 || (last > k && digits >= 1) else { continue }
            out.append(RawFinding(category: .pii, type: "DATE_OF_BIRTH", range: span, score: 0.85))
            return
        }
    }

    static let months: WordSet = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                                      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

    func adjacentDate(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        guard gap.count <= 2, gap.allSatisfy({ ASCII.oneOf(" /.,-", $0) }) else { return false }
        return b.startsWithNumber || Self.months.contains(b)
    }
}
