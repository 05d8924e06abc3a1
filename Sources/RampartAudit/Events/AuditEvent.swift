public import Foundation

/// Something Rampart records: a model call, an authentication failure, an administrative action, a use of a key.
///
/// An event is its kind, its time, an id, the facts of its kind in the clear (who by principal id, what, the
/// decision and the rules that made it, findings by type and count, tokens, cost, latency, outcome: never a
/// secret and never a prompt), and optionally personal facts about one data subject, which the log seals under
/// that subject's key before anything is stored (`personal`), so that shredding the key erases them.
public struct AuditEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case modelCall = "model_call"
        /// Any other call to the API (listing models, an unknown path).
        case apiCall = "api_call"
        case authenticationFailure = "authentication_failure"
        case adminAction = "admin_action"
        case keyUsage = "key_usage"
        case guardScan = "guard_scan"
    }

    /// Personal facts about one data subject, sealed under the subject's key before the event is stored.
    public struct Personal: Sendable, Hashable {
        public var tenant: String
        public var subject: String
        public var facts: [String: String]

        public init(tenant: String, subject: String, facts: [String: String]) {
            self.tenant = tenant
            self.subject = subject
            self.facts = facts
        }
    }

    /// The encoding's version; a verifier reads every version it knows.
    public static let version: Int64 = 1

    public var id: String
    public var kind: Kind
    public var time: Date
    /// The request this event belongs to, when there is one.
    public var requestID: String?
    /// The classification of the data involved: it picks the retention period.
    public var classification: String?
    /// The facts of the kind, in the clear.
    public var facts: [String: CanonicalJSON]
    public var personal: Personal?

    public init(id: String = AuditEvent.makeID(), kind: Kind, time: Date, requestID: String? = nil, classification: String? = nil,
                facts: [String: CanonicalJSON], personal: Personal? = nil) {
        self.id = id
        self.kind = kind
        self.time = time
        self.requestID = requestID
        self.classification = classification
        self.facts = facts
        self.personal = personal
    }

    /// 128 random bits in hex.
    public static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let a = generator.next() as UInt64, b = generator.next() as UInt64
        return String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
    }

    /// The canonical bytes, with the personal facts replaced by their sealed form.
    public func canonical(sealed: SealedPersonal?) -> [UInt8] {
        var object = facts
        object["v"] = .int(Self.version)
        object["id"] = .string(id)
        object["kind"] = .string(kind.rawValue)
        object["time"] = .string(Self.timestamp(time))
        if let requestID { object["request_id"] = .string(requestID) }
        if let classification { object["classification"] = .string(classification) }
        if let sealed {
            object["personal"] = .object([
                "tenant": .string(sealed.tenant), "subject_ref": .string(sealed.subjectReference),
                "sealed": .string(Data(sealed.envelope).base64EncodedString()),
            ])
        }
        return CanonicalJSON.object(object).encoded
    }

    /// RFC 3339 in UTC with milliseconds, always 24 characters.
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds.quotient(dividingBy: 1000)
        let days = seconds.quotient(dividingBy: 86_400), daySeconds = seconds - days * 86_400
        let (year, month, day) = civil(days: days)
        func pad(_ value: Int64, _ width: Int) -> String { String(value).leftPadded(width) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(daySeconds / 3600, 2)):\(pad(daySeconds / 60 % 60, 2)):\(pad(daySeconds % 60, 2))."
            + "\(pad(milliseconds - seconds * 1000, 3))Z"
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = z.quotient(dividingBy: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Personal facts as stored: sealed under the subject's key, with a keyed reference to the subject (never the
/// subject's id itself) so that the subject's entries can be found for erasure.
public struct SealedPersonal: Sendable, Hashable {
    public var tenant: String
    public var subjectReference: String
    public var envelope: [UInt8]

    public init(tenant: String, subjectReference: String, envelope: [UInt8]) {
        self.tenant = tenant
        self.subjectReference = subjectReference
        self.envelope = envelope
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func quotient(dividingBy divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
