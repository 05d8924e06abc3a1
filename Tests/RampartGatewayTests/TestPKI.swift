import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// A certificate authority, a server certificate (localhost, 127.0.0.1) and a client certificate, made in-process.
struct TestPKI {
    let caPEM: String
    let serverPEM: String
    let serverKeyPEM: String
    let clientPEM: String
    let clientKeyPEM: String
    private let caKey: P256.Signing.PrivateKey
    private let caName: DistinguishedName

    init(clientName: String = "billing-service") throws {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("rampart-test-ca") }
        self.caKey = caKey
        self.caName = caName
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        func leaf(_ name: DistinguishedName, _ key: P256.Signing.PrivateKey, server: Bool) throws -> Certificate {
            try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
                notValidBefore: now - 3600, notValidAfter: now + 3600, issuer: caName, subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([server ? .serverAuth : .clientAuth])
                    if server {
                        SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
                    }
                },
                issuerPrivateKey: .init(caKey))
        }
        let serverKey = P256.Signing.PrivateKey()
        let clientKey = P256.Signing.PrivateKey()
        caPEM = try ca.serializeAsPEM().pemString
        serverPEM = try leaf(try DistinguishedName { CommonName("localhost") }, serverKey, server: true).serializeAsPEM().pemString
        serverKeyPEM = serverKey.pemRepresentation
        clientPEM = try leaf(try DistinguishedName { OrganizationName("Example"); CommonName(clientName) }, clientKey, server: false)
            .serializeAsPEM().pemString
        clientKeyPEM = clientKey.pemRepresentation
    }

    /// Another client certificate from the same CA, with a common name and optionally a URI name (a SPIFFE id).
    func otherClient(commonName: String, uri: String? = nil) throws -> TLSConfiguration {
        let key = P256.Signing.PrivateKey()
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: now - 3600, notValidAfter: now + 3600,
            issuer: caName, subject: try DistinguishedName { CommonName(commonName) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
                if let uri { SubjectAlternativeNames([.uniformResourceIdentifier(uri)]) }
            },
            issuerPrivateKey: .init(caKey))
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(try certificate.serializeAsPEM().pemString.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem))
        return tls
    }

    func client(certificate: Bool, maximumVersion: TLSVersion = .tlsv13) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
        tls.maximumTLSVersion = maximumVersion
        if certificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(clientPEM.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(clientKeyPEM.utf8), format: .pem))
        }
        return tls
    }
}
