import Foundation

/// Person names, street addresses, where a person lives or is, and dates of birth: the detectors that read words
/// rather than digits.
///
/// Names are found by context (titles, "my name is", "my son"), by the gazetteers (Resources/first-names.txt and
/// last-names.txt, built by scripts/train/build_gazetteer.py: first names, and surnames that are not ordinary words or
/// places) and by the shapes names take: a first name before a capitalised word, a capitalised word before a surname
/// or an initial ("Mohmad R. Vizirov"), a name as the subject of a verb ("Scott is"), a first name and a surname in
/// lower case ("patricia desrosiers"). docs/detectors.md says what they miss and what they can take for a name.
///
/// The word lists are read through each word's roles (`WordRoles`): the gazetteers and the lists below are merged
/// into the lexicon the text is split with.
struct PeopleAndPlaces: Sendable {
    let countries: Set<String>

    init(countries: Set<String> = []) {
        self.countries = countries
    }

    static let titles: WordSet = ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "mlle", "herr", "frau", "sr", "sra", "sig", "signora", "dhr", "mevr"]
    /// Words after which a capitalised word is a name even when no gazetteer knows it: they ask for or give a name.
    static let strongLeadIns = Phrases([
        ["my", "name", "is"], ["name", "is"], ["je", "m'appelle"], ["mi", "chiamo"], ["me", "llamo"], ["ich", "heiße"], ["ich", "heisse"],
        ["mijn", "naam", "is"], ["last", "name"], ["first", "name"], ["surname"], ["full", "name"], ["your", "name"], ["family", "name"],
        ["call", "me"], ["named", "him"], ["named", "her"], ["my", "kid"], ["my", "son"], ["my", "daughter"], ["my", "wife"],
        ["my", "husband"], ["my", "partner"], ["my", "child"], ["my", "brother"], ["my", "sister"], ["my", "mother"], ["my", "father"],
        ["my", "boss"], ["my", "colleague"], ["my", "doctor"], ["my", "friend"],
    ])
    /// Words after which a capitalised word the gazetteer knows is a name.
    static let weakLeadIns = Phrases([
        ["i", "am"], ["i'm"], ["this", "is"], ["dear"], ["hi"], ["hello"], ["contact"], ["patient"],
        ["customer"], ["employee"], ["signed"], ["regards"], ["from"], ["for"], ["by"], ["with"], ["named"], ["called"], ["name"],
        ["says"], ["said"], ["according", "to"], ["him"], ["her"],
    ])
    /// Weak lead-ins that are prepositions, or a key: after them a run of capitalised words is as often a company, a
    /// place or a product as a person.
    static let prepositions: WordSet = ["with", "for", "from", "by", "name"]
    /// Verbs that make a capitalised first word a subject: "Scott is", "Asya spent" are people, "Made in" is not.
    static let subjectVerbs: WordSet = ["is", "was", "has", "had", "will", "would", "can", "said", "says", "lives", "lived", "works",
                                            "worked", "went", "spent", "wrote", "told", "asked", "called", "joined", "left", "began", "started"]
    /// Places that are also first names somewhere ("France", "Jordan", "Georgia"): never a name on their own.
    static let places: WordSet = ["france", "jordan", "georgia", "chad", "israel", "india", "kenya", "lebanon", "virginia", "carolina",
                                      "florence", "paris", "sydney", "victoria", "austin", "dallas", "denver", "phoenix", "charlotte",
                                      "jackson", "madison", "orlando", "houston", "savannah", "brooklyn", "chelsea", "cairo", "china",
                                      "egypt", "italia", "italy", "america", "asia", "africa", "europe", "london", "berlin", "roma", "rome",
                                      "vienna", "santiago", "lima", "sofia", "valencia", "alexandria", "regina", "aurora", "montana",
                                      "dakota", "nevada", "indiana", "kansas", "washington", "lincoln", "columbia", "colombia", "peru",
                                      "bolivia", "argentina", "ireland", "scotland", "wales", "holland", "norway", "sweden", "finland",
                                      "germany", "spain", "portugal", "brazil", "canada", "mexico", "cuba", "jamaica", "haiti", "monaco",
                                      "darwin"]
    /// What follows a place's name and says it is one: a country's short form, a US state, a kind of place or
    /// institution ("Washington USA", "Jackson Mississippi", "Georgia Tech"). Country names come from the gazetteer.
    static let placeEndings: WordSet = ["usa", "us", "uk", "uae", "dc", "alabama", "alaska", "arizona", "arkansas", "california",
                                            "colorado", "connecticut", "delaware", "florida", "georgia", "hawaii", "idaho", "illinois",
                                            "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts",
                                            "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "ohio",
                                            "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
                                            "washington", "wisconsin", "wyoming", "tech", "university", "college", "institute", "state",
                                            "county", "city", "airport", "station", "avenue", "street", "square", "park", "bay", "river",
                                            "valley", "heights", "beach", "falls", "springs", "harbor", "harbour", "center", "centre"]
    static let notNames: WordSet = ["i", "the", "a", "an", "and", "or", "but", "if", "my", "your", "our", "this", "that", "it", "he", "she",
                                        "we", "they", "please", "thanks", "thank", "hello", "hi", "dear", "can", "could", "would", "will",
                                        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                                        "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
                                        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mac"]

    enum LeadIn {
        case none
        /// Gives a name only with the gazetteer's help ("I am", "from", "Dear").
        case weak
        /// Gives a name whatever the word ("Mr.", "my name is", "last name:").
        case strong
    }

    func names(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        var k = 0
        while k < words.count {
            let word = words[k]
            guard !word.isNumber else { k += 1; continue }
            guard word.capitalized else {
                if let last = lowerCaseName(t, words, k) {
                    out.append(RawFinding(category: .pii, type: "PERSON", range: word.range.lowerBound..<words[last].range.upperBound, score: 0.7))
                    k = last + 1
                } else {
                    k += 1
                }
                continue
            }
            guard !word.has(.notName), !word.has(.title), !inIdentifier(t, word) else { k += 1; continue }
            // A place that is also a first name, followed by what says it is a place: not a person.
            if k + 1 < words.count, words[k + 1].capitalized, adjacent(t, word, words[k + 1]), word.has(.place),
               words[k + 1].has(.placeEnding) || countries.contains(words[k + 1].lower(in: t)) {
                k += 2
                continue
            }
            let known = word.has(.firstName)
            let leadIn = precededByLeadIn(t, words, k)
            // A word in capitals ("MAX", "SHA", "UNI PUR FIN") is a constant or an acronym unless a title or "name:" says
            // otherwise, or it is a known first name before another word in capitals ("JOHN SMITH").
            if leadIn != .strong, isAllCaps(t, word), !(known && capitalsPair(t, words, k)) { k += 1; continue }
            var score: Double?
            if known, nextNameWord(t, words, after: k) != nil {
                score = 0.85
            } else if leadIn != .none {
                score = known ? 0.9 : 0.75
            } else if surnameFollows(t, words, k) {
                score = 0.75
            } else if initialFollows(t, words, k) {
                score = 0.7
            } else if word.characterCount(in: t) >= 3, known, !word.has(.place),
                      !startsSentence(t, word) || followedByNameMark(t, word) || k + 1 < words.count && words[k + 1].has(.subjectVerb) {
                // A first name on its own: inside a sentence, addressed ("Melanie:", "Kelly?") or the subject of a verb.
                score = 0.6
            } else if loneSurname(t, words, k) {
                score = 0.5
            }
            guard let score else { k += 1; continue }
            var last = k, more = 0
            while more < 3, let next = nextNameWord(t, words, after: last), !words[next].has(.notName), !inIdentifier(t, words[next]),
                  !isCountry(t, words[next]) {
                last = next
                more += 1
            }
            // A lone capitalised word after a weak lead-in is a name only if a gazetteer knows it.
            if last == k, leadIn != .strong, !known, !word.has(.lastName) || word.has(.place) { k += 1; continue }
            // So is a run of them after a preposition or a key: "with Runtime Library Exception" is a licence, "for
            // Boston Consulting Group" a company, `name: Static SDK` a job, "by Jane Okafor" a person ("says Du Cane"
            // needs no gazetteer).
            if last > k, leadIn == .weak, !known, words[k - 1].has(.preposition),
               !(k...last).contains(where: { words[$0].has(.lastName) }) { k += 1; continue }
            out.append(RawFinding(category: .pii, type: "PERSON", range: word.range.lowerBound..<words[last].range.upperBound, score: score))
            k = last + 1
        }
    }

    /// The word after word `k` that goes on with a name: the capitalised word beside it, or the one after up to
    /// three lower-case particles ("Pieter de Vries", "Anna van der Berg", "Maria de la Cruz"); nil when there is none.
    /// A period between them is an initial's ("John F. Kennedy"); after a longer word it ends a sentence ("account
    /// holder Mette Laar. Summarise this").
    func nextNameWord(_ t: ByteText, _ words: [Word], after k: Int) -> Int? {
        var next = k + 1
        while next < words.count, next - k <= 3, !words[next].capitalized, words[next].has(.nameParticle), adjacent(t, words[next - 1], words[next]) {
            next += 1
        }
        guard next < words.count, words[next].capitalized, !words[next].isNumber, adjacent(t, words[next - 1], words[next]) else { return nil }
        let before = words[next - 1]
        if t[before.range.upperBound] == UInt8(ascii: "."), before.characterCount(in: t) > 1 { return nil }
        return next > k + 1 && words[next].has(.notName) ? nil : next
    }

    /// Whether the word is a country's name and not a surname too ("Finland", "Japan"; not "Jordan"): a name does
    /// not run on into it ("Pekka Koskela  Finland" in a table's row).
    func isCountry(_ t: ByteText, _ word: Word) -> Bool {
        !word.has(.lastName) && !Self.countrySurnames.contains(word) && countries.contains(word.lower(in: t))
    }

    /// Countries that are common surnames, which the surname gazetteer leaves to `places` ("Fred Jordan").
    static let countrySurnames: WordSet = ["jordan", "france", "holland", "england", "wales", "ireland", "scotland", "israel", "poland",
                                           "brazil", "chad"]

    /// Whether a known surname follows the capitalised word `k`, right after it or after one initial
    /// ("Wisława Szczepańska", "Ravil G Yefimov", "Soib K. Kishiev").
    func surnameFollows(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        guard !words[k].has(.place), !words[k].has(.placePrefix), !words[k].has(.streetWordBefore) else { return false }
        var next = k + 1
        if next + 1 < words.count, words[next].capitalized, words[next].range.count == 1, adjacent(t, words[k], words[next]) { next += 1 }
        guard next < words.count, words[next].capitalized, adjacent(t, words[next - 1], words[next]) else { return false }
        return words[next].has(.lastName) && !words[next].has(.place)
    }

    /// Words that begin place names ("St. Moritz", "Southern Poland", "Lake Geneva"): a surname after them is a place.
    static let placePrefixes: WordSet = ["st", "ste", "saint", "san", "santa", "santo", "são", "mount", "mt", "lake", "fort", "port", "new",
                                             "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                                             "upper", "lower", "great", "little", "old", "young", "la", "le", "los", "las", "el", "bad", "cape"]

    /// A known surname alone inside a sentence ("says Hartvigsson", "Marrero and Murphy", "the Jensen novel"): not
    /// a place, not at the start of a sentence, and not part of a run of capitalised words (a company, a title).
    func loneSurname(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        let word = words[k]
        guard word.has(.lastName), !word.has(.place) else { return false }
        // At the start of a sentence only as the subject of a verb ("Järvilehto began writing").
        if startsSentence(t, word), !(k + 1 < words.count && words[k + 1].has(.subjectVerb)) { return false }
        if k > 0, words[k - 1].capitalized, adjacent(t, words[k - 1], word) { return false }
        if k + 1 < words.count, words[k + 1].capitalized, adjacent(t, word, words[k + 1]) { return false }
        return true
    }

    /// Whether an initial with its period and a capitalised word follow the capitalised word `k`: the shape of a
    /// name with a middle initial ("Mohmad R. Vizirov"). "A" and "I" are words, not initials.
    func initialFollows(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        guard k + 2 < words.count, words[k].range.count >= 2, !words[k].has(.place), !words[k].has(.placePrefix) else { return false }
        let initial = words[k + 1], last = words[k + 2]
        guard initial.range.count == 1, initial.capitalized, !initial.is("a"), !initial.is("i"),
              t.bytes[initial.range.upperBound..<last.range.lowerBound].elementsEqual(". ".utf8),
              adjacent(t, words[k], initial), last.capitalized, !last.isNumber, last.range.count >= 2 else { return false }
        return true
    }

    /// A name in lower case: a gazetteer first name followed by a gazetteer surname ("patricia desrosiers"), or a name
    /// either list knows after a title or "my name is"; the last word's index.
    func lowerCaseName(_ t: ByteText, _ words: [Word], _ k: Int) -> Int? {
        let first = words[k].has(.firstName)
        // Most lower-case words are neither (this runs for each of them).
        guard first || words[k].has(.lastName) else { return nil }
        let next = k + 1 < words.count && !words[k + 1].capitalized && adjacent(t, words[k], words[k + 1]) ? words[k + 1] : nil
        // After a title or "my name is": a name either list knows ("mr. elliott"), with the next word when either list
        // knows it too ("my name is john smith": "smith" is a first name in the gazetteer).
        if precededByLeadIn(t, words, k) == .strong {
            return first && next.map { $0.has(.lastName) || $0.has(.firstName) } == true ? k + 1 : k
        }
        return first && next?.has(.lastName) == true ? k + 1 : nil
    }

    /// Whether the word is part of an identifier in code: glued to an underscore (`OPENSSL_RSA_MAX_BITS`), called
    /// (`Darwin(`), or a type with a member (`Fred.two`, not "J.R.R.").
    func inIdentifier(_ t: ByteText, _ word: Word) -> Bool {
        let before = word.range.lowerBound - 1, after = word.range.upperBound
        if before >= 0, t[before] == UInt8(ascii: "_") { return true }
        guard after < t.count else { return false }
        return t[after] == UInt8(ascii: "_") || t[after] == UInt8(ascii: "(")
            || (t[after] == UInt8(ascii: ".") && after + 1 < t.count && ASCII.isLower(t[after + 1]))
    }

    /// Whether the words `k` and `k + 1` are a pair in capitals ("JOHN SMITH"), not a run of three or more ("UNI PUR FIN").
    func capitalsPair(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        guard k + 1 < words.count, isAllCaps(t, words[k + 1]), adjacent(t, words[k], words[k + 1]) else { return false }
        return k + 2 >= words.count || !(isAllCaps(t, words[k + 2]) && adjacent(t, words[k + 1], words[k + 2]))
    }

    /// Whether the word is written in ASCII capitals, two or more of them.
    func isAllCaps(_ t: ByteText, _ word: Word) -> Bool {
        word.range.count >= 2 && t.bytes[word.range].allSatisfy { ASCII.isUpper($0) || ASCII.isDigit($0) }
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

    func precededByLeadIn(_ t: ByteText, _ words: [Word], _ k: Int) -> LeadIn {
        // "my wife's Instagram": the word after a possessive is what the person has, not their name.
        guard k > 0, t[words[k - 1].range.upperBound] != UInt8(ascii: "'") else { return .none }
        if words[k - 1].has(.title) || words[k - 1].has(.strongLeadInEnd) && Self.strongLeadIns.end(at: k - 1, in: words) { return .strong }
        // A form's field, "Name: Sieuwerd Heuver" (not a key in code or YAML: `name: String`, `- name: Checkout`).
        if words[k - 1].is("name"), words[k - 1].capitalized,
           t.bytes[words[k - 1].range.upperBound..<words[k].range.lowerBound].contains(UInt8(ascii: ":")) { return .strong }
        return words[k - 1].has(.weakLeadInEnd) && Self.weakLeadIns.end(at: k - 1, in: words) ? .weak : .none
    }

    static let streetSuffixes: WordSet = [
        "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct", "way", "place", "pl",
        "square", "sq", "terrace", "parkway", "pkwy", "circle", "cir", "highway", "hwy", "alley", "crescent", "close", "gardens", "grove",
        "row", "walk", "hill", "park", "trail", "route", "plaza", "expressway", "freeway", "pike", "loop", "mews", "point", "ridge",
        "str", "tee", "iela", "gatve", "turnpike", "greens", "forks",
    ]
    /// The rest of the USPS street suffixes: ordinary words too ("0.6 bypass ratio", "4 Corners"), so they end a
    /// street only capitalised and after a capitalised name ("438 Brian Mall").
    static let namedStreetSuffixes: WordSet = [
        "mall", "garden", "orchard", "underpass", "overpass", "common", "commons", "pine", "pines", "crossroad", "crossroads", "crossing",
        "heights", "meadow", "meadows", "junction", "vista", "valley", "viaduct", "shore", "shores", "summit", "trafficway", "tunnel",
        "knoll", "knolls", "landing", "manor", "motorway", "prairie", "ranch", "skyway", "stravenue", "throughway", "bypass", "canyon",
        "causeway", "cliff", "cliffs", "corner", "corners", "cove", "creek", "crest", "estate", "estates", "extension", "falls", "ferry",
        "fields", "flats", "forest", "forge", "glen", "harbor", "haven", "hollow", "inlet", "lodge", "mills", "mission", "parks", "pass",
        "plains", "radial", "ramp", "rapids", "spur", "squares", "station", "stream", "village", "villages", "ville", "wells", "springs",
    ]
    static let streetWordsBefore: WordSet = ["rue", "via", "calle", "avenida", "avenue", "boulevard", "chemin", "piazza", "viale", "corso",
                                                 "plaza", "paseo", "rua", "strada", "allée", "impasse", "carrer", "camino",
                                                 "borgo", "canale", "vicolo", "largo", "contrada", "stradone", "travessa", "avinguda",
                                                 "urbanización", "cañada", "ronda", "travesía", "glorieta", "quai", "place", "piazzale"]
    /// Whether a word ends in a street word ("Hauptstraße", "Koskikatu", "Westring") and has at least two more
    /// characters before it.
    static func hasStreetEnding(_ word: Word, _ t: ByteText) -> Bool {
        // An ASCII word in place, over the text; one with other letters in lower case.
        guard word.isASCII else {
            var lower = word.lower(in: t)
            return lower.withUTF8 { endsInStreetWord($0) }
        }
        return endsInStreetWord(t.bytes[word.range])
    }

    /// `hasStreetEnding` over a word's bytes: lower case, or ASCII in any case (the endings are compared ignoring
    /// ASCII case; one with letters beyond ASCII ends no ASCII word).
    static func endsInStreetWord(_ word: some BidirectionalCollection<UInt8>) -> Bool {
        guard word.count >= 3 else { return false }
        let last = word.index(before: word.endIndex)
        // Most words end in none of the endings' last two bytes.
        guard streetEndingLastPairs.contains(word[last], word[word.index(before: last)]) else { return false }
        return streetEndingBytes.contains { ending in
            guard word.count > ending.count, word.suffix(ending.count).elementsEqual(ending, by: { ASCII.lowercase($0) == $1 }) else { return false }
            let stem = word.dropLast(ending.count)
            // "-ring" is a German ring road ("Westring", "Südring") but also English: "spring", "string" (too
            // short) and -ing forms ("offering", "monitoring", "recurring": a vowel or an r before it).
            if ending == ringEnding, let before = stem.last, ASCII.oneOf("aeiouyr", ASCII.lowercase(before)) { return false }
            let minimum = ending == ringEnding ? 3 : 2
            // Characters before the ending: count the bytes that start a scalar.
            var before = 0
            for b in stem where b & 0xC0 != 0x80 {
                before += 1
                if before == minimum { return true }
            }
            return false
        }
    }

    static let streetEndingBytes = streetEndings.map { Array($0.utf8) }
    static let ringEnding = Array("ring".utf8)
    /// The last two bytes of each ending, last first: most words end in neither.
    static let streetEndingLastPairs = PairSet(streetEndingBytes.map { $0.suffix(2).reversed() }, caseInsensitive: true)

    static let streetEndings = ["straße", "strasse", "str", "weg", "laan", "straat", "gracht", "plein", "gasse", "katu", "tie", "gatan",
                                "vägen", "vej", "gade", "allee", "ring", "kade", "dijk", "platz", "ulica", "utca", "veien", "vei", "gata",
                                "terrasse", "stræti", "gränd", "tori", "sokak", "caddesi", "baan", "steeg", "singel"]

    static let militaryPost: WordSet = ["apo", "fpo", "dpo"]
    static let boxesAndMilitaryPost: WordSet = ["box", "apo", "fpo", "dpo"]
    /// Words before a box's number ("PSC 2581, Box 0041"), and those that may stand right before "Box" too ("P.O. Box").
    static let boxNumberPrefixWords = ["psc", "unit", "cmr"]
    static let boxNumberPrefixes = WordSet(boxNumberPrefixWords)
    static let boxPrefixes = WordSet(["o", "po"] + boxNumberPrefixWords)
    static let militaryPostRegions: WordSet = ["aa", "ae", "ap"]

    func addresses(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        // Post office boxes and military addresses: "P.O. Box 287", "PSC 2581, Box 0041 APO AP 32376".
        for k in words.indices where words[k].has(.boxOrMilitaryPost) {
            let w = words[k]
            if w.is("box"), k + 1 < words.count, words[k + 1].isNumber, k > 0, words[k - 1].has(.boxPrefix) || words[k - 1].isNumber {
                let start = k >= 2 && words[k - 1].isNumber && words[k - 2].has(.boxNumberPrefix) ? k - 2 : k - 1
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: words[start].range.lowerBound..<words[k + 1].range.upperBound, score: 0.8))
            }
            if w.has(.militaryPost), k + 2 < words.count, words[k + 1].has(.militaryPostRegion), words[k + 2].isNumber {
                out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[k + 2].range.upperBound, score: 0.8))
            }
        }
        var k = 0
        while k < words.count {
            // "221B Baker Street", "6750 Koskikatu 25", "12 rue de la Paix", "Hauptstraße 5", "Calle de Miguela Larrañaga
            // 79": a number, a capitalised word or a street word first.
            guard words[k].startsWithNumber || words[k].capitalized || words[k].has(.streetWordBefore) else { k += 1; continue }
            let w = words[k]
            var end: Int?
            if w.startsWithNumber, w.characterCount(in: t) <= 6, !continuesNumberGroups(t, words, k) {
                var m = k + 1
                // A space and a slash after the number make it a quantity per unit ("411 /sq mi", "12 /km2"), not a
                // house number (a slash alone can stand for a space: "660/Mission/Street").
                while m < words.count, m - k <= 5, adjacentInLine(t, words[m - 1], words[m]),
                      m > k + 1 || !t.bytes[w.range.upperBound..<words[m].range.lowerBound].elementsEqual([UInt8(ascii: " "), UInt8(ascii: "/")]) {
                    let named = m > k + 1 && words[m].capitalized && words[m - 1].capitalized && words[m].has(.namedStreetSuffix)
                    if words[m].has(.streetSuffix) || Self.hasStreetEnding(words[m], t) || named {
                        // "Mission Street", "Valley Road": a suffix word that is part of the name.
                        var last = m
                        while last + 1 < words.count, adjacentInLine(t, words[last], words[last + 1]),
                              words[last + 1].has(.streetSuffix) || words[last + 1].capitalized && words[last + 1].has(.namedStreetSuffix) {
                            last += 1
                        }
                        end = last
                        break
                    }
                    if words[m].has(.streetWordBefore), m + 1 < words.count { end = min(words.count - 1, m + 3); break }
                    // "Dalmatinova 43 Apt. 678", "Maneeži 75, Saareküla": a house number after the street's name.
                    if m > k + 1, words[m].startsWithNumber, words[m].range.count <= 5, houseNumberEnds(t, words, m, addressContext: addressContext(t, w)) {
                        end = m
                        break
                    }
                    if !words[m].capitalized, !words[m].has(.nameParticle) { break }
                    m += 1
                }
            } else if w.capitalized, Self.hasStreetEnding(w, t),
                      k + 1 < words.count, words[k + 1].startsWithNumber, adjacentInLine(t, w, words[k + 1]) {
                end = k + 1
            } else if w.has(.streetWordBefore), w.capitalized || !w.is("via") {
                end = streetNumberAfterStreetWord(t, words, k)
            }
            guard var last = end else { k += 1; continue }
            // Take a following unit or number ("Apt. 864", "Suite 5", "25").
            if last + 1 < words.count, words[last + 1].isNumber || words[last + 1].startsWithNumber, adjacentInLine(t, words[last], words[last + 1]) {
                last += 1
                // A Dutch postal code's two letters ("Kerkstraat 12, 1012 AB").
                if words[last].isNumber, words[last].range.count == 4, last + 1 < words.count, words[last + 1].range.count == 2,
                   words[last + 1].range.lowerBound == words[last].range.upperBound + 1, t[words[last].range.upperBound] == UInt8(ascii: " "),
                   t.bytes[words[last + 1].range].allSatisfy(ASCII.isUpper) {
                    last += 1
                }
            }
            if last + 2 < words.count, words[last + 1].has(.unitWord),
               words[last + 2].startsWithNumber { last += 2 }
            last = addressTail(t, words, after: last)
            out.append(RawFinding(category: .pii, type: "STREET_ADDRESS", range: w.range.lowerBound..<words[last].range.upperBound, score: 0.8))
            k = last + 1
        }
    }

    /// A street word first ("Calle", "Contrada", "boulevard"), then the street's name (capitalised words and
    /// particles) and its number: the number's index.
    func streetNumberAfterStreetWord(_ t: ByteText, _ words: [Word], _ k: Int) -> Int? {
        var m = k + 1, named = false
        while m < words.count, m - k <= 5, adjacentInLine(t, words[m - 1], words[m]) {
            if words[m].startsWithNumber { return named && words[m].range.count <= 5 ? m : nil }
            if words[m].capitalized { named = true } else if !words[m].has(.nameParticle) { return nil }
            m += 1
        }
        return nil
    }

    /// Lower-case words inside names of people ("de Vries", "van der Berg", "bin Talal") and of streets ("Via del Corso").
    static let nameParticles: WordSet = ["de", "la", "del", "della", "di", "van", "von", "der", "den", "ter", "ten", "zu", "du", "des", "ul", "da",
                                         "dos", "das", "le", "los", "las", "bin", "ibn"]
    static let unitWords: WordSet = ["apt", "suite", "unit", "flat", "floor", "appartamento", "puerta", "piso"]
    static let addressWords: Needles = ["address", "lives at", "live at", "living at", "located at", "sent to", "send to", "ship to", "ship it to",
                                          "send it to", "mail it to", "post it to",
                                          "deliver", "moved to", "adresse", "dirección", "indirizzo", "anschrift", "adres"]

    /// Whether the text says an address is coming, in the 48 bytes before `word`.
    func addressContext(_ t: ByteText, _ word: Word) -> Bool {
        ASCII.contains(t, in: max(0, word.range.lowerBound - 48)..<word.range.lowerBound, anyOf: Self.addressWords)
    }

    /// Whether the number at word `m` ends a street name as a house number: a unit follows ("Apt. 678"), or, where
    /// the text says an address is coming, a comma, a line break or the end of the text.
    func houseNumberEnds(_ t: ByteText, _ words: [Word], _ m: Int, addressContext: Bool) -> Bool {
        if m + 1 < words.count, words[m + 1].has(.unitWord), t.bytes[words[m].range.upperBound..<words[m + 1].range.lowerBound].count <= 3 {
            return true
        }
        guard addressContext else { return false }
        let after = words[m].range.upperBound
        return after == t.count || t[after] == UInt8(ascii: ",") || t[after] == UInt8(ascii: "\n")
    }

    /// Whether word `k` is a later group of a number written in groups ("+31 20 794 6095", "020-794-6095"): a number
    /// with two number groups before it, each one space, hyphen or dot from the next. Such a word is no house number,
    /// though a street follows it ("+31 20 794 6095, Kerkstraat 12"); one number before a house number may be a
    /// building's ("17151 2450 Crown St", "1987 74 Diakou Street").
    func continuesNumberGroups(_ t: ByteText, _ words: [Word], _ k: Int) -> Bool {
        guard k >= 2, words[k].isNumber else { return false }
        return (k - 2..<k).allSatisfy { g in
            words[g].isNumber && words[g + 1].range.lowerBound - words[g].range.upperBound == 1
                && ASCII.oneOf(" -.", t[words[g].range.upperBound])
        }
    }

    /// Words on one line, at most three bytes apart, not in different cells of a table.
    func adjacentInLine(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        return gap.count <= 3 && !gap.contains(UInt8(ascii: "\n")) && !gap.contains(UInt8(ascii: "|")) && !gap.contains(UInt8(ascii: "\t"))
    }

    static let birthWords: Needles = ["born", "birth", "dob", "d.o.b", "birthday", "né le", "née le", "geboren", "nacido", "nacida", "nato il",
                                        "nata il", "date de naissance", "fecha de nacimiento", "geburtsdatum", "geboortedatum"]

    /// A date within a few words after "born", "date of birth", "DOB" and their equivalents.
    func birthDates(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        let birthWords = Self.birthWords
        // The birth words are looked for only in the 32 bytes before each word that may start a date, and each byte
        // at most once: `said` holds every birth word that starts before `read`, in order.
        // A birth word says one date: after a date of birth, the next needs a birth word of its own ("born on 3
        // March 1985 and DOB 1985-03-03", not "born in 1985 and moved in 1990").
        var said: [Range<Int>] = [], read = 0, taken = 0
        for (k, w) in words.enumerated() where w.startsWithNumber || w.has(.month) {
            let window = max(0, w.range.lowerBound - 32)..<w.range.lowerBound
            ASCII.occurrences(t, startingIn: max(read, window.lowerBound)..<window.upperBound, of: birthWords) { said.append($0) }
            read = max(read, window.upperBound)
            let from = max(window.lowerBound, taken)
            guard said.reversed().prefix(while: { $0.lowerBound >= from }).contains(where: { $0.upperBound <= window.upperBound })
            else { continue }
            var last = k
            while last + 1 < words.count, last - k < 3, adjacentDate(t, words[last], words[last + 1]) { last += 1 }
            let span = w.range.lowerBound..<words[last].range.upperBound
            let digits = t.bytes[span].filter(ASCII.isDigit).count
            guard digits >= 4 || (last > k && digits >= 1) else { continue }
            out.append(RawFinding(category: .pii, type: "DATE_OF_BIRTH", range: span, score: 0.85))
            taken = span.upperBound
        }
    }

    /// Phrases that say where a person lives, is, comes from or goes: the place after them is personal data.
    static let locationLeadIns = Phrases([
        ["live", "in"], ["lives", "in"], ["living", "in"], ["lived", "in"], ["moved", "here", "from"], ["moved", "to"], ["moved", "from"],
        ["originally", "from"], ["i'm", "from"], ["i", "am", "from"], ["we're", "from"], ["grew", "up", "in"], ["born", "in"],
        ["travelling", "to"], ["traveling", "to"], ["flying", "to"], ["flew", "to"], ["returned", "to"], ["relocated", "to"],
        ["i'm", "staying", "in"], ["staying", "at"], ["j'habite", "à"], ["vivo", "en"], ["wohne", "in"], ["abito", "a"], ["woon", "in"],
    ])

    /// A place right after words that tie it to a person ("I live in Leiria", "we moved here from tunisia"): a run of
    /// capitalised words, or a country named in lower case. A place on its own ("Canada was fun") is not reported.
    func locations(_ t: ByteText, _ words: [Word], _ out: inout [RawFinding]) {
        let leadIns = Self.locationLeadIns
        for k in words.indices.dropLast() where words[k].has(.locationLeadInEnd) && leadIns.end(at: k, in: words) {
            let first = k + 1
            var last: Int?
            if words[first].capitalized, !words[first].isNumber, !words[first].has(.notName), words[first].range.count >= 3 {
                var end = first
                while end + 1 < words.count, end - first < 3, words[end + 1].capitalized, !words[end + 1].isNumber, adjacentInLine(t, words[end], words[end + 1]),
                      t.bytes[words[end].range.upperBound..<words[end + 1].range.lowerBound].allSatisfy({ $0 == UInt8(ascii: " ") }) {
                    end += 1
                }
                last = end
            } else {
                // A country in lower case, of up to three words ("czech republic").
                for n in stride(from: min(3, words.count - first), through: 1, by: -1) {
                    let name = words[first..<(first + n)].map { $0.lower(in: t) }.joined(separator: " ")
                    if countries.contains(name) { last = first + n - 1; break }
                }
            }
            guard let last else { continue }
            out.append(RawFinding(category: .pii, type: "LOCATION", range: words[first].range.lowerBound..<words[last].range.upperBound, score: 0.6))
        }
    }

    static let months: WordSet = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                                      "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

    func adjacentDate(_ t: ByteText, _ a: Word, _ b: Word) -> Bool {
        let gap = t.bytes[a.range.upperBound..<b.range.lowerBound]
        guard gap.count <= 2, gap.allSatisfy({ ASCII.oneOf(" /.,-", $0) }) else { return false }
        return b.startsWithNumber || b.has(.month)
    }
}
