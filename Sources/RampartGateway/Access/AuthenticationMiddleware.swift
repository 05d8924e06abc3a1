import HTTPTypes
public import Hummingbird
import Logging
import RampartPolicy

/// Authenticates every request to the API and the admin API before any handler runs; only health, readiness and
/// metrics are open. A failure answers 401 with one generic message whatever went wrong (the reason is logged
/// with the request id), or 503 when the directory or an issuer's keys cannot be read: it never lets a caller
/// through unidentified.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = GatewayContext
    let access: AccessControl
    let tls: Bool
    static let open: Set<String> = ["/healthz", "/readyz", "/metrics"]

    public init(access: AccessControl, tls: Bool) {
        self.access = access
        self.tls = tls
    }

    public func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        if Self.open.contains(request.uri.path) { return try await next(request, context) }
        var context = context
        let credentials: PresentedCredentials
        switch Self.credentials(request.headers) {
        case .failure(let failure):
            throw refuse(failure, context)
        case .success(var presented):
            if tls {
                let transport = await context.transport()
                context.transport = transport
                presented.certificateSubject = transport.clientCertificateSubject
                presented.certificateNames = transport.clientCertificateNames
            }
            credentials = presented
        }
        switch await access.authenticator.authenticate(credentials) {
        case .failure(let failure):
            throw refuse(failure, context)
        case .success(let caller):
            context.caller = caller
            context.trail.update { $0.caller = caller }
            return try await next(request, context)
        }
    }

    func refuse(_ failure: AuthenticationFailure, _ context: GatewayContext) -> GatewayError {
        context.trail.update { $0.authenticationFailure = failure.reason }
        access.logger.warning("authentication failed", metadata: [
            "request_id": "\(context.requestID)", "reason": "\(failure.reason)", "detail": "\(failure.detail)",
        ])
        // The directory or an issuer's keys out of reach is the gateway's trouble, not a bad credential.
        if failure.reason == "directory.unavailable" || failure.reason == "jwks.unavailable" { return .identityUnavailable }
        return .unauthenticated
    }

    /// Reads `Authorization: Bearer ...` or `x-api-key` (what Anthropic's clients send). Two different credentials,
    /// repeated headers, another scheme or a value with spaces or control characters are refused.
    static func credentials(_ headers: HTTPFields) -> Result<PresentedCredentials, AuthenticationFailure> {
        let authorization = headers[values: .authorization]
        let apiKey = headers[values: HTTPField.Name("x-api-key")!]
        guard authorization.count <= 1, apiKey.count <= 1 else {
            return .failure(AuthenticationFailure("credential.repeated", "the credential header is repeated"))
        }
        var bearer: String?
        if let value = authorization.first {
            let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                return .failure(AuthenticationFailure("credential.scheme", "the Authorization scheme is not Bearer"))
            }
            bearer = String(parts[1])
        }
        if let key = apiKey.first {
            if let bearer, bearer != key { return .failure(AuthenticationFailure("credential.conflict", "Authorization and x-api-key differ")) }
            bearer = key
        }
        if let bearer {
            guard !bearer.isEmpty, bearer.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                return .failure(AuthenticationFailure("credential.malformed", "the credential holds spaces or control characters"))
            }
        }
        return .success(PresentedCredentials(bearer: bearer))
    }
}
