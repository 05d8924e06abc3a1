public import Hummingbird
import NIOCore
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

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.requestID = RequestID.make()
    }

    /// The transport's verified facts about the caller, read in one hop onto the connection's event loop.
    /// Without a TLS handler (plain HTTP on loopback) both are nil. With mutual TLS the handshake has already
    /// verified the certificate against the configured client CA, or the connection would not exist.
    func transport() async -> TransportIdentity {
        let channel = self.channel
        let read = try? await channel.eventLoop.submit { () -> (TLSVersion?, NIOSSLCertificate?) in
            let handler = try channel.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
            return (handler.tlsVersion, handler.peerCertificate)
        }.get()
        let certificate = read?.1.flatMap { try? Certificate(derEncoded: try $0.toDERBytes()) }
        return TransportIdentity(
            tlsVersion: read?.0.map { "\($0)" }, clientCertificateSubject: certificate.map { $0.subject.description })
    }
}

/// What the connection itself proves about the caller: TLS and, with mutual TLS, the verified client certificate.
public struct TransportIdentity: Sendable, Hashable {
    public var tlsVersion: String?
    /// The distinguished name of the verified client certificate, e.g. `CN=billing-service,O=Example`.
    public var clientCertificateSubject: String?

    public init(tlsVersion: String? = nil, clientCertificateSubject: String? = nil) {
        self.tlsVersion = tlsVersion
        self.clientCertificateSubject = clientCertificateSubject
    }
}
