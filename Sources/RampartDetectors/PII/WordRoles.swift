/// What a word is to the detectors that read words: a first name, a title, a month, a street suffix... Each role is
/// a word list of `PeopleAndPlaces` or `AgesAndPostcodes` (or a gazetteer); `WordLexicon.pii` merges them, and
/// `Words.split` gives every word its roles with one look-up.
struct WordRoles: OptionSet, Hashable, Sendable {
    let rawValue: UInt64

    /// In the first-name gazetteer.
    static let firstName = WordRoles(rawValue: 1 << 0)
    /// In the surname gazetteer.
    static let lastName = WordRoles(rawValue: 1 << 1)
    static let title = WordRoles(rawValue: 1 << 2)
    static let place = WordRoles(rawValue: 1 << 3)
    static let placeEnding = WordRoles(rawValue: 1 << 4)
    static let notName = WordRoles(rawValue: 1 << 5)
    static let subjectVerb = WordRoles(rawValue: 1 << 6)
    static let preposition = WordRoles(rawValue: 1 << 7)
    static let placePrefix = WordRoles(rawValue: 1 << 8)
    static let streetSuffix = WordRoles(rawValue: 1 << 9)
    static let namedStreetSuffix = WordRoles(rawValue: 1 << 10)
    static let streetWordBefore = WordRoles(rawValue: 1 << 11)
    static let militaryPost = WordRoles(rawValue: 1 << 12)
    static let boxOrMilitaryPost = WordRoles(rawValue: 1 << 13)
    static let boxNumberPrefix = WordRoles(rawValue: 1 << 14)
    static let boxPrefix = WordRoles(rawValue: 1 << 15)
    static let militaryPostRegion = WordRoles(rawValue: 1 << 16)
    static let nameParticle = WordRoles(rawValue: 1 << 17)
    static let unitWord = WordRoles(rawValue: 1 << 18)
    static let month = WordRoles(rawValue: 1 << 19)
    /// The last word of a strong lead-in to a name ("my name *is*", "Mr").
    static let strongLeadInEnd = WordRoles(rawValue: 1 << 20)
    /// The last word of a weak lead-in to a name ("I *am*", "Dear").
    static let weakLeadInEnd = WordRoles(rawValue: 1 << 21)
    /// The last word of a phrase before a person's place ("I live *in*").
    static let locationLeadInEnd = WordRoles(rawValue: 1 << 22)
    static let ageBefore = WordRoles(rawValue: 1 << 23)
    /// The first word of a phrase after an age ("*years* old").
    static let ageWordAfter = WordRoles(rawValue: 1 << 24)
    static let turnWord = WordRoles(rawValue: 1 << 25)
    static let clauseEndWord = WordRoles(rawValue: 1 << 26)
    static let postcodeLabel = WordRoles(rawValue: 1 << 27)
    /// Being in a `WordSet` (which has no other role).
    static let listed = WordRoles(rawValue: 1 << 63)

    /// Each role with its word list (the gazetteers' come with the lists given to `WordLexicon.pii`).
    static let lists: [(WordRoles, WordSet)] = [
        (.title, PeopleAndPlaces.titles), (.place, PeopleAndPlaces.places), (.placeEnding, PeopleAndPlaces.placeEndings),
        (.notName, PeopleAndPlaces.notNames), (.subjectVerb, PeopleAndPlaces.subjectVerbs), (.preposition, PeopleAndPlaces.prepositions),
        (.placePrefix, PeopleAndPlaces.placePrefixes), (.streetSuffix, PeopleAndPlaces.streetSuffixes),
        (.namedStreetSuffix, PeopleAndPlaces.namedStreetSuffixes), (.streetWordBefore, PeopleAndPlaces.streetWordsBefore),
        (.militaryPost, PeopleAndPlaces.militaryPost), (.boxOrMilitaryPost, PeopleAndPlaces.boxesAndMilitaryPost),
        (.boxNumberPrefix, PeopleAndPlaces.boxNumberPrefixes), (.boxPrefix, PeopleAndPlaces.boxPrefixes),
        (.militaryPostRegion, PeopleAndPlaces.militaryPostRegions), (.nameParticle, PeopleAndPlaces.nameParticles),
        (.unitWord, PeopleAndPlaces.unitWords), (.month, PeopleAndPlaces.months),
        (.strongLeadInEnd, PeopleAndPlaces.strongLeadIns.lastWords), (.weakLeadInEnd, PeopleAndPlaces.weakLeadIns.lastWords),
        (.locationLeadInEnd, PeopleAndPlaces.locationLeadIns.lastWords), (.ageBefore, AgesAndPostcodes.ageBefore),
        (.ageWordAfter, AgesAndPostcodes.ageWordsAfter), (.turnWord, AgesAndPostcodes.turnWords),
        (.clauseEndWord, AgesAndPostcodes.clauseEndWords), (.postcodeLabel, AgesAndPostcodes.postcodeLabelWords),
    ]
}

extension WordLexicon {
    /// The lexicon of the personal-data detectors: every role's list, and the gazetteers.
    static func pii(firstNames: some Sequence<String>, lastNames: some Sequence<String>) -> WordLexicon {
        WordLexicon([(.firstName, firstNames.map(Spelling.init)), (.lastName, lastNames.map(Spelling.init))]
            + WordRoles.lists.map { ($0.0, $0.1.members) })
    }
}

extension Word {
    /// Whether the word has `role` (one of its lists holds it).
    @inline(__always) func has(_ role: WordRoles) -> Bool { roles.contains(role) }
}
