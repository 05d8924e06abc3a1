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

    /// A 403 naming the permission that was missing.
    public static func forbidden(_ decision: Decision) -> GatewayError {
        GatewayError(status: 403, type: "permission_error", code: "permission_denied", message: decision.refusal)
    }

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
