public import Foundation
import RampartCore

/// The two forms of a time SigV4 uses: `20150830T123600Z` and `20150830`, always UTC.
public struct AWSTimestamp: Sendable, Hashable {
    /// `yyyyMMdd'T'HHmmss'Z'`.
    public let dateTime: String
    /// `yyyyMMdd`.
    public var date: Substring { dateTime.prefix(8) }

    public init(_ instant: Date) {
        let t = UTCTime(instant)
        func two(_ n: Int64) -> String { UTCTime.padded(n, 2) }
        dateTime = "\(UTCTime.padded(t.year, 4))\(two(t.month))\(two(t.day))T\(two(t.hour))\(two(t.minute))\(two(t.second))Z"
    }
}
