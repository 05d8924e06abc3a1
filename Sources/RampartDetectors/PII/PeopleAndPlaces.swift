import Foundation

/// Person names, street addresses and dates of birth: the detectors that read words rather than digits.
///
/// Names are found by context ("my name is", titles, greetings) or by a first name from the gazetteer
/// (Resources/first-names.txt, built by scripts/train/build_gazetteer.py) followed by a capitalised word. They miss
/// names without either (a lone surname, a name in lower case, names from cultures the gazetteer lacks) and can
/// take a capitalised first name that is also a common word at the start of a sentence for a name.
struct PeopleAndPlaces: Sendable {
    let firstNames: Set<String>

    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "mlle", "herr", "frau", "sr", "sra", "sig", "signora", "dhr", "mevr"]
    static let leadIns: [[String]] = [
        ["my", "name", "is"], ["name", "is"], ["i", "am"], ["i'm"], ["this", "is"], ["dear"], ["hi"], ["hello"], ["contact"], ["patient"],
        ["customer"], ["employee"], ["je", "m'appelle"], ["mi", "chiamo"], ["me", "llamo"], ["ich", "heiße"], ["ich", "heisse"],
        ["mijn", "naam", "is"], ["signed"], ["regards"], ["from"], ["for"], ["by"], ["with"], ["named"], ["called"],
        ["last", "name"], ["first", "name"], ["surname"], ["full", "name"], ["your", "name"], ["name"],
    ]
    /// Places that are also first names somewhere ("France", "Jordan", "Georgia"): never a name on their own.
    static let places: Set<String> = ["france", "jordan", "georgia", "chad", "israel", "india", "kenya", "lebanon", "virginia", "carolina",
                                      "florence", "paris", "sydney", "victoria", "austin", "dallas", "denver", "phoenix", "charlotte",
                                      "jackson", "madison", "orlando", "houston", "savannah", "brooklyn", "chelsea", "cairo", "china",
                                      "egypt", "italia", "italy", "america", "asia", "africa", "europe", "london", "berlin", "roma", "rome",
                                      "vienna", "santiago", "lima", "sofia", "valencia", "alexandria", "regina", "aurora", "montana",
                                      "dakota", "nevada", "indiana", "kansas", "washington", "lincoln", "columbia", "colombia", "peru",
                                      "bolivia", "argentina", "ireland", "scotland", "wales", "holland", "norway", "sweden", "finland",
                                      "germany", "spain", "portugal", "brazil", "canada", "mexico", "cuba", "jamaica", "haiti", "monaco"]
    static let notNames: Set<String> = ["i", "the", "a", "an", "and", "or", "but", "if", "my", "your", "our", "this", "that", "it", "he", "she",
                                        "we", "they", "please", "thanks", "thank", "hello", "hi", "dear", "can", "could", "would", "will",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                                        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    func names(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        var k = 0
        while k < words.count {
            let word = words[k]
            let lower = word.lower
            var start: Int?
            var score = 0.0
            if word.capitalized, !word.isNumber, firstNames.contains(lower), !Self.notNames.contains(lower),
               k + 1 < words.count, words[k + 1].capitalized, !words[k + 1].isNumber, adjacent(t, word, words[k + 1]) {
                start = k
                score = 0.85
            } else if word.capitalized, !word.isNumber, !Self.notNames.contains(lower), precededByLeadIn(words, k) {
                start = k
                score = firstNames.contains(lower) ? 0.9 : 0.75
            }
            if start == nil, word.capitalized, !word.isNumber, lower.count >= 3, firstNames.contains(lower), !Self.notNames.contains(lower),
               !Self.places.contains(lower), !startsSentence(t, word) || followedByNameMark(t, word) {
                // A first name on its own, inside a sentence or addressed ("Melanie:", "Kelly?").
                start = k
                score = 0.6
            }
            guard let first = start else { k += 1; continue }
            var last = first
            while last + 1 < words.count, last - first < 3, words[last + 1].capitalized, !words[last + 1].isNumber,
                  adjacent(t, words[last], words[last + 1]), !Self.notNames.contains(words[last + 1].lower) {
                last += 1
            }
            // A lone capitalised word after a lead-in is a name only if the gazetteer knows it.
            if last == first, !firstNames.contains(lower) { k += 1; continue }
            out.append(RawFinding(category: .pii, type: "PERSON", range: words[first].range.lowerBound..<words[last].range.upperBound, score: score))
            k = last + 1
        }
    }

    /// Whether the word begins a sentence (capitalised for that reason alone).
    func startsSentence(_ t: ByteText, _ word: Word) -> Bool {
        var i = word.range.lowerBound - 1
        while i >= 0, t[i] == UInt8(ascii: " ") || t[i] == UInt8(ascii: "\"") || t[i] == UInt8(ascii: "'") { i -= 1 }
        return i < 0 || ".!?\n:;".utf8.contains(t[i])
    }

    /// Whether the word is followed by a mark that addresses or introduces a person ("Melanie:", "Kelly?", "Asya,").
    func followedByNameMark(_ t: ByteText, _ word: Word) -> Bool {
        let i = word.range.upperBound
        return i < t.count && ":,?!".utf8.contains(t[i])
    }

    /// Words separated only by spaces (or a title's period), not by a sentence end or a line break.
    func adjacent(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        return gap.count <= 2 && gap.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ".") } && !(gap.first == UInt8(ascii: ".") && gap.count == 1)
    }

    func precededByLeadIn(_ words: [Word], _ k: Int) -> Bool {
        if k > 0, Self.titles.contains(words[k - 1].lower) { return true }
        for leadIn in Self.leadIns where k >= leadIn.count {
            if zip(words[(k - leadIn.count)..<k], leadIn).allSatisfy({ $0.lower == $1 }) { return true }
        }
        return false
    }

    static let streetSuffixes: Set<String> = [
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "way", "place", "pl",
        "square", "sq", "terrace", "parkway", "pkwy", "circle", "cir", "highway", "hwy", "alley", "crescent", "close", "gardens", "grove",
        "row", "walk", "hill", "park", "trail", "route", "plaza", "expressway", "freeway", "pike", "loop", "mews", "point", "ridge",
    ]
    static let streetWordsBefore: Set<String> = ["rue", "via", "calle", "avenida", "avenue", "boulevard", "chemin", "piazza", "viale", "corso",
                                                 "plaza", "paseo", "rua", "strada", "allée", "impasse", "carrer", "camino"]
    /// Whether a lower-case word ends in a street word (and has more before it), by suffix look-up.
    static func hasStreetEnding(_ lower: String) -> Bool {
        let scalars = Array(lower.unicodeScalars)
        guard scalars.count >= 4 else { return false }
        for length in 2...min(7, scalars.count - 2) {
            let suffix = String(String.UnicodeScalarView(scalars[(scalars.count - length)...]))
            if streetEndingSet.contains(suffix) { return true }
        }
        return false
    }

    static let streetEndingSet = Set(streetEndings)

    static let streetEndings = ["straße", "strasse", "str", "weg", "laan", "straat", "gracht", "plein", "gasse", "katu", "tie", "gatan",
                                "vägen", "vej", "gade", "allee", "ring", "kade", "dijk", "platz", "ulica", "utca"]

    static let militaryPost: Set<String> = ["apo", "fpo", "dpo"]

    func addresses(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Post office boxes and military addresses: "P.O. Box 287", "PSC 2581, Box 0041 APO AP 32376".
        for (k, w) in words.enumerated() {
            if w.lower == "box", k + 1 < words.count, words[k + 1].isNumber, k > 0, ["o", "p.o", "po", "psc", "unit", "cmr"].contains(words[k - 1].lower) || words[k - 1].isNumber {
                let start = k >= 2 && words[k - 1].isNumber && ["psc", "unit", "cmr"].contains(words[k - 2].lower) ? k - 2 : k - 1
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: words[start].range.lowerBound..<words[k + 1].range.upperBound, score: 0.8))
            }
            if Self.militaryPost.contains(w.lower), k + 2 < words.count, ["aa", "ae", "ap"].contains(words[k + 1].lower), words[k + 2].isNumber {
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[k + 2].range.upperBound, score: 0.8))
            }
        }
        var k = 0
        while k < words.count {
            // "221B Baker Street", "6750 Koskikatu 25", "12 rue de la Paix", "Hauptstraße 5".
            let w = words[k]
            var end: Int?
            if w.text.first?.isNumber == true, w.text.count <= 6 {
                var m = k + 1
                while m < words.count, m - k <= 5, adjacentInLine(t, words[m - 1], words[m]) {
                    let lower = words[m].lower
                    if Self.streetSuffixes.contains(lower) || Self.hasStreetEnding(lower) {
                        end = m
                        break
                    }
                    if Self.streetWordsBefore.contains(lower), m + 1 < words.count { end = min(words.count - 1, m + 3); break }
                    if !words[m].capitalized, !["de", "la", "del", "di", "van", "von", "der", "du", "des"].contains(lower) { break }
                    m += 1
                }
            } else if w.capitalized, Self.hasStreetEnding(w.lower),
                      k + 1 < words.count, words[k + 1].text.first?.isNumber == true, adjacentInLine(t, w, words[k + 1]) {
                end = k + 1
            }
            guard var last = end else { k += 1; continue }
            // Take a following unit or number ("Apt. 864", "Suite 5", "25").
            if last + 1 < words.count, words[last + 1].isNumber || words[last + 1].text.first?.isNumber == true, adjacentInLine(t, words[last], words[last + 1]) { last += 1 }
            if last + 2 < words.count, ["apt", "suite", "unit", "flat", "floor"].contains(words[last + 1].lower),
               words[last + 2].text.first?.isNumber == true { last += 2 }
            out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[last].range.upperBound, score: 0.8))
            k = last + 1
        }
    }

    func adjacentInLine(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        return gap.count <= 3 && !gap.contains(UInt8(ascii: "\n"))
    }

    static let birthWords: [[UInt8]] = ["born", "birth", "dob", "d.o.b", "birthday", "né le", "née le", "geboren", "nacido", "nacida", "nato il",
                                        "nata il", "date de naissance", "fecha de nacimiento", "geburtsdatum", "geboortedatum"].map { Array($0.utf8) }

    /// A date within a few words after "born", "date of birth", "DOB" and their equivalents.
    func birthDates(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Only texts that speak of birth have dates of birth.
        guard ASCII.contains(t, in: 0..<t.count, anyOf: Self.birthWords) else { return }
        for (k, w) in words.enumerated() where w.text.first?.isNumber == true || Self.months.contains(w.lower) {
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

    static let months: Set<String> = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                                      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

    func adjacentDate(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        guard gap.count <= 2, gap.allSatisfy({ " /.,-".utf8.contains($0) }) else { return false }
        return b.text.first?.isNumber == true || Self.months.contains(b.lower)
    }
}
