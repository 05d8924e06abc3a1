import Testing
@testable import RampartDetectors

/// Names in code are not credentials, whatever credential word stands before them; random tokens are not names.
struct CodeReferenceTests {
    @Test(arguments: [
        "ASN1OctetString", "String?", "P256.Signing.ECDSASignature", "self.sqlConfiguration.coreConfiguration.password",
        ".ecdsaWithSHA256", "bytesDecoder:arraySeparator", "ConfigSnapshotReader/requiredStringArray", "TransitGatewayMulticastDomainAssociation",
        "encapsulationResult.sharedSecret", "relative_token_line_plus1", "SecretManagerServiceClient", "String",
    ])
    func namesInCodeAreReferences(_ value: String) {
        #expect(CodeReference.matches(ArraySlice(value.utf8)))
    }

    @Test(arguments: [
        // Random tokens of every alphabet, and passwords that are a word with digits or a symbol.
        "jq7ir78djlanjifwr7g4", "BVYmYMmujGLyzzpizsKC3LQV", "xbzsovaw9ix4qfhi1", "DwHEcdoklzt8QjSOL19HQhkHuHligHqQR/sygt2X",
        "OnGEQEG4K4CHVN4oyULB", "q8Xk2LmZp4Rt7Vw9Ys3", "JBSWY3DPEHPK3PXP", "pass123", "VMware1!", "Summer2024", "Passw0rd",
    ])
    func randomTokensAndPasswordsAreNot(_ value: String) {
        #expect(!CodeReference.matches(ArraySlice(value.utf8)))
    }

    /// Random bytes, as slices that do not start at index 0 (as values cut from a text are), never crash it.
    @Test func randomSlicesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aeAZbx09_.:/?!),;]-".utf8) + [0x00, 0xC3, 0xA9, 0xFF]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            _ = CodeReference.matches(bytes[start...])
        }
    }

    /// Through the scanner: type annotations, member paths and keyword arguments after a credential's name.
    @Test(arguments: [
        "init(algorithm: AlgorithmIdentifier, privateKey: ASN1OctetString)",
        "func connect(username: String, database: String?, password: String?)",
        "let sharedSecret1 = encapsulationResult.sharedSecret",
        "        key = load_pem_private_key(raw, password=password)\n",
        "            aws_access_key=self.aws_access_key,\n",
        "\"output_token\": \"DistributionList.NextMarker\"",
        "\"keyPem\" : \"-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvTHHoCaR0tlYfvapR\"",
    ])
    func codeIsNotASecret(_ text: String) {
        let findings = Detectors.standard.scan(text, options: ScanOptions(pii: false, injection: false))
        #expect(findings.isEmpty, "\(text): \(findings)")
    }

    /// Connection strings keep their passwords wherever an entry starts.
    @Test(arguments: [
        "Server=host;Port=5432;User Id=app; Password=Xk29!pq;Database=db",
        ":authn_dbd_params => 'host=db_host port=3306 user=apache password=Qz81mmRt dbname=apache_auth'",
        "[SupportSite]\nUsername=thisismyunsername\nPassword=thisismypassword\n",
    ])
    func connectionStringsAreStillFound(_ text: String) {
        let findings = Detectors.standard.scan(text, options: ScanOptions(pii: false, injection: false))
        #expect(findings.contains { $0.type == "CONNECTION_STRING_PASSWORD" }, "\(text): \(findings)")
    }
}
