public import Foundation
import RampartCore

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
        /// A finding the detections raised over the log's own events.
        case detectionFinding = "detection_finding"
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
        canonicalObject(sealed: sealed).encoded
    }

    /// The canonical object whose encoding `canonical(sealed:)` is: what a reader of the record parses back.
    public func canonicalObject(sealed: SealedPersonal?) -> CanonicalJSON {
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
        return .object(object)
    }

    /// RFC 3339 in UTC with milliseconds, always 24 characters.
    public static func timestamp(_ date: Date) -> String {
        let t = UTCTime(date)
        func pad(_ value: Int64, _ width: Int = 2) -> String { UTCTime.padded(value, width) }
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)).\(pad(t.millisecond, 3))Z"
    }

    /// Reads what `timestamp` writes, and only that (every reader of the log parses one per record: by hand, not
    /// through a date formatter, which cost more than the rest of reading a record).
    public static func parseTimestamp(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 24, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
              b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."), b[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(b[i] - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23)
        else { return nil }
        let milliseconds = ((UTCTime.days(year: year, month: month, day: day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millisecond
        // The millisecond itself, unless the nearest double (kept relative to 2001 by `Date`) falls just below it; then
        // the middle of the millisecond. Out-of-range fields (February 30th, hour 24) write back differently: nil.
        let exact = Double(milliseconds) / 1000
        return [exact, exact + 0.0005].lazy.map { Date(timeIntervalSince1970: $0) }.first { timestamp($0) == text }
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
