/// The parts of an HTTP request that Signature Version 4 covers.
public struct SigV4Request: Sendable {
    public var method: String
    /// The host as sent in the `Host` header: with the port only when it is not the scheme's default.
    public var host: String
    /// The path as it goes on the wire, already percent-encoded (`/model/a.b-v1%3A0/converse`).
    public var path: String
    /// Query parameters, not encoded; the signer encodes and orders them.
    public var query: [(name: String, value: String)]
    /// Headers to send and sign (names in any case). `host`, `x-amz-date` and the session token are added by the signer.
    public var headers: [(name: String, value: String)]
    /// The body, hashed into the signature.
    public var body: [UInt8]

    public init(method: String, host: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The `Host` value for an endpoint: its host, and its port when the endpoint names one.
    public static func host(_ host: String, port: Int?) -> String {
        port.map { "\(host):\($0)" } ?? host
    }

    /// The query string as it goes on the wire, in canonical order.
    public var encodedQuery: String {
        query.map { (AWSPercentEncoding.encode($0.name), AWSPercentEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

}
