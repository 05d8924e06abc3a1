public import Hummingbird
import NIOCore
import NIOSSL
import X509

/// The request context of the gateway's router. It keeps the connection's channel so the pipeline can learn
/// the transport's verified facts (TLS version, the client certificate) without trusting any header.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The transport's verified facts about the caller.
    func transport() async -> TransportIdentity {
        let version = try? await channel.nioSSL_tlsVersion().get()
        // Without a TLS handler (plain HTTP on loopback) both are nil. With mutual TLS the handshake has already
        // verified this certificate against the configured client CA, or the connection would not exist.
        let peer = (try? await channel.nioSSL_peerCertificate().get()) ?? nil
        let certificate = peer.flatMap { try? Certificate(derEncoded: try $0.toDERBytes()) }
        return TransportIdentity(
            tlsVersion: version.map { "\($0)" }, clientCertificateSubject: certificate.map { $0.subject.description })
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
