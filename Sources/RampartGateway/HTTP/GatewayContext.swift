public import Hummingbird
import NIOCore
public import RampartPolicy
import NIOSSL
import X509

/// The request context of the gateway's router. It keeps the connection's channel so the pipeline can learn
/// the transport's verified facts (TLS version, the client certificate) without trusting any header.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel
    /// The id of this request, made by the gateway (a client's header is never trusted into logs); it is in the
    /// `x-request-id` header of every answer, errors included, and in every log line about the call.
    public let requestID: String
    /// The authenticated caller, set by `AuthenticationMiddleware` before any handler runs.
    public var caller: Caller?
    /// The transport's facts, once read.
    var transport: TransportIdentity?
    /// What the pipeline learns about this request, for its audit record.
    public let trail = CallTrail()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.requestID = RequestID.make()
    }

    /// The caller, or the 401 every unauthenticated request gets (the middleware runs first, so this is a backstop).
    public func requireCaller() throws(GatewayError) -> Caller {
        guard let caller else { throw .unauthenticated }
        return caller
    }

    /// The transport's verified facts about the caller, read in one hop onto the connection's event loop.
    /// Without a TLS handler (plain HTTP on loopback) both are nil. With mutual TLS the handshake has already
    /// verified the certificate against the configured client CA, or the connection would not exist.
    func transport() async -> TransportIdentity {
        if let transport { return transport }
        let channel = self.channel
        let read = try? await channel.eventLoop.submit { () -> (TLSVersion?, NIOSSLCertificate?) in
            let handler = try channel.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
            return (handler.tlsVersion, handler.peerCertificate)
        }.get()
        let certificate = read?.1.flatMap { try? Certificate(derEncoded: try $0.toDERBytes()) }
        var names: [String] = []
        if let alternatives = try? certificate?.extensions.subjectAlternativeNames {
            for name in alternatives {
                switch name {
                case .dnsName(let dns): names.append(dns)
                case .uniformResourceIdentifier(let uri): names.append(uri)
                default: continue
                }
            }
        }
        return TransportIdentity(
            tlsVersion: read?.0.map { "\($0)" }, clientCertificateSubject: certificate.map { $0.subject.description },
            clientCertificateNames: names)
    }
}

/// What the connection itself proves about the caller: TLS and, with mutual TLS, the verified client certificate.
public struct TransportIdentity: Sendable, Hashable {
    public var tlsVersion: String?
    /// The distinguished name of the verified client certificate, e.g. `CN=billing-service,O=Example`.
    public var clientCertificateSubject: String?
    /// The verified client certificate's DNS and URI subject alternative names.
    public var clientCertificateNames: [String]

    public init(tlsVersion: String? = nil, clientCertificateSubject: String? = nil, clientCertificateNames: [String] = []) {
        self.tlsVersion = tlsVersion
        self.clientCertificateSubject = clientCertificateSubject
        self.clientCertificateNames = clientCertificateNames
    }
}
