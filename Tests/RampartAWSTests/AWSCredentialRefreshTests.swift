import Foundation
import RampartAWS
import Synchronization
import Testing

/// Temporary credentials: fetched once, renewed ahead of expiry, kept through a failed renewal while still valid,
/// never used expired; and STS's AssumeRoleWithWebIdentity answers read (recorded from AWS's API reference; the
/// live exchange runs against moto in the gateway tests).
@Suite struct AWSCredentialRefreshTests {
    /// A fetch that counts its calls and answers from a script of results, with a clock the test moves.
    final class Script: Sendable {
        let calls = Mutex(0)
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let results: Mutex<[Result<ExpiringAWSCredentials, AWSCredentialError>]>

        init(_ results: [Result<ExpiringAWSCredentials, AWSCredentialError>]) { self.results = Mutex(results) }

        func fetch() async throws -> ExpiringAWSCredentials {
            calls.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(20))
            return try results.withLock { $0.removeFirst() }.get()
        }

        var now: Date { clock.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { clock.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func issued(_ key: String, expiresIn seconds: TimeInterval, from start: Date = Date(timeIntervalSince1970: 1_800_000_000)) -> Result<ExpiringAWSCredentials, AWSCredentialError> {
        .success(ExpiringAWSCredentials(credentials: AWSCredentials(accessKeyID: key, secretAccessKey: "s-\(key)", sessionToken: "t-\(key)"),
                                        expiration: start.addingTimeInterval(seconds)))
    }

    @Test func fetchedOnceRenewedAheadOfExpiryAndSharedByConcurrentCallers() async throws {
        let script = Script([Self.issued("ASIA1", expiresIn: 3600), Self.issued("ASIA2", expiresIn: 7200)])
        let provider = RefreshingAWSCredentials(refreshAhead: .seconds(300), now: { script.now }) { try await script.fetch() }
        // Ten callers at once: one fetch.
        let keys = await withTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { (try? await provider.credentials().accessKeyID) ?? "none" } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(keys == Array(repeating: "ASIA1", count: 10))
        #expect(script.calls.withLock { $0 } == 1)
        // Still valid and not yet within five minutes of expiry: no fetch.
        script.advance(3000)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(script.calls.withLock { $0 } == 1)
        // Within five minutes of expiry: renewed.
        script.advance(400)
        #expect(try await provider.credentials() == AWSCredentials(accessKeyID: "ASIA2", secretAccessKey: "s-ASIA2", sessionToken: "t-ASIA2"))
        #expect(script.calls.withLock { $0 } == 2)
    }

    @Test func aFailedRenewalKeepsValidCredentialsAndNeverUsesExpiredOnes() async throws {
        let refused = AWSCredentialError("AccessDenied", "not authorized")
        let script = Script([Self.issued("ASIA1", expiresIn: 3600), .failure(refused), .failure(refused), .failure(refused)])
        let provider = RefreshingAWSCredentials(now: { script.now }) { try await script.fetch() }
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        script.advance(3400) // renewal due, the credentials valid for 200 s more
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        script.advance(300) // expired
        await #expect(throws: AWSCredentialError.self) { try await provider.credentials() }
        #expect(script.calls.withLock { $0 } == 3)
    }

    @Test func credentialsThatArriveExpiredAreRefused() async {
        let script = Script([Self.issued("ASIA1", expiresIn: -1)])
        let provider = RefreshingAWSCredentials(now: { script.now }) { try await script.fetch() }
        await #expect(throws: AWSCredentialError.self) { try await provider.credentials() }
    }

    /// The example answer in the STS API reference (AssumeRoleWithWebIdentity), trimmed.
    static let recorded = """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
            <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
              <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
              <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
              <Expiration>2014-10-24T23:00:23Z</Expiration>
              <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
            </Credentials>
            <SourceIdentity>SourceIdentityValue</SourceIdentity>
            <Provider>www.amazon.com</Provider>
          </AssumeRoleWithWebIdentityResult>
          <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
        </AssumeRoleWithWebIdentityResponse>
        """

    @Test func theSTSAnswerIsRead() throws {
        let issued = try STSWebIdentity.credentials(fromResponse: Self.recorded)
        #expect(issued.credentials == AWSCredentials(accessKeyID: "ASgeIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
                                                     sessionToken: "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE"))
        #expect(issued.expiration == Date(timeIntervalSince1970: 1_414_191_623))
        // The description shows no secret.
        #expect(!"\(issued.credentials)".contains("wJalr") && !"\(issued.credentials)".contains("AQoD"))
    }

    @Test(arguments: [
        ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key</Message></Error></ErrorResponse>",
         "InvalidIdentityToken"),
        ("<AssumeRoleWithWebIdentityResponse><Credentials><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleWithWebIdentityResponse>", "MalformedResponse"),
        ("<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>soon</Expiration></Credentials>",
         "MalformedResponse"),
        ("not xml at all", "MalformedResponse"),
    ])
    func refusalsAndBrokenAnswersAreErrors(_ xml: String, _ code: String) {
        #expect(throws: AWSCredentialError.self) { try STSWebIdentity.credentials(fromResponse: xml) }
        do { _ = try STSWebIdentity.credentials(fromResponse: xml) } catch { #expect(error.code == code) }
    }

    @Test func theRequestCarriesTheRoleTheSessionAndTheTokenEncoded() {
        let body = STSWebIdentity.formBody(roleARN: "arn:aws:iam::123456789012:role/rampart", sessionName: "rampart", token: "a.b+c/d=")
        #expect(body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Frampart"
                + "&RoleSessionName=rampart&WebIdentityToken=a.b%2Bc%2Fd%3D&DurationSeconds=3600")
    }
}
