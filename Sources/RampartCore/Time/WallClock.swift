public import Foundation

/// The source of the current time, injected wherever a decision depends on it.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `now` from the given closure.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The system's clock.
    public static let system = WallClock { Date() }

    /// A clock fixed at one instant, for tests and reproducible reports.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }

    /// The current time.
    public var now: Date { read() }
}
