public import RampartPolicy

/// An error the gateway answers with, in the OpenAI error shape
/// `{"error": {"message", "type", "param", "code"}}`, with a stable `code` clients may match on.
public struct GatewayError: Error, Sendable, Hashable {
    public var status: Int
    public var type: String
    public var code: String
    public var message: String
    public var param: String?
    /// Seconds after which a retry may succeed, sent as `Retry-After`.
    public var retryAfter: Int?

    public init(status: Int, type: String, code: String, message: String, param: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.retryAfter = retryAfter
    }

    public static func invalidRequest(_ message: String, code: String = "invalid_request", param: String? = nil) -> GatewayError {
        GatewayError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }

    public static func modelNotFound(_ model: String) -> GatewayError {
        GatewayError(status: 404, type: "invalid_request_error", code: "model_not_found",
                     message: "the model '\(model)' does not exist or you do not have access to it", param: "model")
    }

    public static func tooLarge(_ message: String, code: String) -> GatewayError {
        GatewayError(status: 413, type: "invalid_request_error", code: code, message: message)
    }

    public static func upstreamUnavailable(_ message: String) -> GatewayError {
        GatewayError(status: 502, type: "upstream_error", code: "upstream_unavailable", message: message)
    }

    public static func upstreamTimeout(_ message: String) -> GatewayError {
        GatewayError(status: 504, type: "upstream_error", code: "upstream_timeout", message: message)
    }

    /// The one answer to every authentication failure: it does not say what was wrong.
    public static let unauthenticated = GatewayError(
        status: 401, type: "invalid_request_error", code: "invalid_api_key", message: "invalid or missing credentials")

    public static let identityUnavailable = GatewayError(
        status: 503, type: "server_error", code: "identity_unavailable", message: "the identity directory is unavailable; try again", retryAfter: 1)

    /// A 403 naming the permission that was missing, or, when a containment of the automated response refused the
    /// call, saying so with its own code (`suspended`, `workload_quarantined`, `mfa_required`): the caller learns
    /// that an administrator can lift it, and detection does not count it as probing.
    public static func forbidden(_ decision: Decision) -> GatewayError {
        for (rule, code, message) in containmentRefusals where decision.forbiddenBy.contains(rule) {
            return GatewayError(status: 403, type: "permission_error", code: code, message: message)
        }
        return GatewayError(status: 403, type: "permission_error", code: "permission_denied", message: decision.refusal)
    }

    /// The codes of refusals by a containment: a stable part of the API.
    public static let containmentCodes: Set<String> = Set(containmentRefusals.map(\.code))

    static let containmentRefusals: [(rule: String, code: String, message: String)] = [
        ("builtin.containment.suspended", "suspended",
         "this credential or principal is suspended in response to a security finding; an administrator can lift the suspension"),
        ("builtin.containment.quarantine", "workload_quarantined",
         "this workload is quarantined in response to a security finding; an administrator can lift the quarantine"),
        ("builtin.containment.mfa", "mfa_required", "a second factor is required of this caller in response to a security finding; sign in with MFA"),
    ]

    public static func rateLimited(_ message: String, retryAfter: Int) -> GatewayError {
        GatewayError(status: 429, type: "rate_limit_error", code: "rate_limit_exceeded", message: message, retryAfter: retryAfter)
    }

    public static func internalError() -> GatewayError {
        GatewayError(status: 500, type: "server_error", code: "internal_error", message: "the gateway failed to handle the request")
    }

    /// The JSON body.
    public var body: JSONValue {
        .object(["error": .object([
            "message": .string(message), "type": .string(type), "code": .string(code),
            "param": param.map(JSONValue.string) ?? .null,
        ])])
    }
}
