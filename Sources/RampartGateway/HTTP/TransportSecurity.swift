public import NIOSSL

/// What the listener's TLS needs, as values: the server's chain and key, the lowest version, and the CA whose
/// client certificates it requires (mutual TLS), if any.
public struct ListenerTLS: Sendable {
    public enum MinimumVersion: String, Sendable, Hashable, CaseIterable {
        case tls13 = "1.3"
        case tls12 = "1.2"
    }

    public var certificateChainPEM: [UInt8]
    public var privateKeyPEM: [UInt8]
    public var minimumVersion: MinimumVersion
    /// PEM of the CA(s) that sign client certificates; set means every client must present one.
    public var clientCAPEM: [UInt8]?

    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8], minimumVersion: MinimumVersion = .tls13, clientCAPEM: [UInt8]? = nil) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.minimumVersion = minimumVersion
        self.clientCAPEM = clientCAPEM
    }

    /// The NIOSSL server configuration: TLS 1.3 only unless 1.2 is allowed; with a client CA, a certificate
    /// signed by it is required (`SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT`).
    public func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(certificateChainPEM).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: privateKeyPEM, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = minimumVersion == .tls13 ? .tlsv13 : .tlsv12
        configuration.maximumTLSVersion = .tlsv13
        configuration.applicationProtocols = ["http/1.1"]
        if let clientCAPEM {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(clientCAPEM))
            configuration.sendCANameList = true
        }
        return configuration
    }
}
