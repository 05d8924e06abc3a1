public import Foundation

/// Temporary credentials and when they stop working.
public struct ExpiringAWSCredentials: Sendable, Hashable {
    public var credentials: AWSCredentials
    public var expiration: Date

    public init(credentials: AWSCredentials, expiration: Date) {
        self.credentials = credentials
        self.expiration = expiration
    }
}

/// Why temporary credentials could not be had.
public struct AWSCredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var description: String { "\(code): \(message)" }

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Temporary credentials, fetched when first needed and again `refreshAhead` before they expire. Callers that arrive
/// during a fetch wait for that one fetch. A failed fetch leaves the credentials in hand in use while they are still
/// valid; once they are not, it fails: nothing is signed with expired credentials.
public actor RefreshingAWSCredentials: AWSCredentialProvider {
    private let fetch: @Sendable () async throws -> ExpiringAWSCredentials
    private let now: @Sendable () -> Date
    private let refreshAhead: TimeInterval
    private var current: ExpiringAWSCredentials?
    private var inFlight: Task<ExpiringAWSCredentials, any Error>?

    public init(refreshAhead: Duration = .seconds(300), now: @escaping @Sendable () -> Date = Date.init,
                fetch: @escaping @Sendable () async throws -> ExpiringAWSCredentials) {
        self.fetch = fetch
        self.now = now
        self.refreshAhead = Double(refreshAhead.components.seconds)
    }

    public func credentials() async throws -> AWSCredentials {
        if let current, now() < current.expiration.addingTimeInterval(-refreshAhead) { return current.credentials }
        let task: Task<ExpiringAWSCredentials, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let fetch = self.fetch
            task = Task { try await fetch() }
            inFlight = task
        }
        do {
            let fresh = try await task.value
            if inFlight == task { inFlight = nil }
            guard now() < fresh.expiration else { throw AWSCredentialError("ExpiredCredentials", "the credentials fetched had already expired") }
            current = fresh
            return fresh.credentials
        } catch {
            if inFlight == task { inFlight = nil }
            if let current, now() < current.expiration { return current.credentials }
            throw error
        }
    }
}
