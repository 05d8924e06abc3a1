import Foundation
import RampartAWS
import Testing

/// Reading the instance metadata service's answers. The document is the example in AWS's EC2 user guide
/// ("Retrieve security credentials from instance metadata"), with its placeholder values.
@Suite struct InstanceMetadataCredentialsTests {
    static let documented = """
        {
          "Code" : "Success",
          "LastUpdated" : "2012-04-26T16:39:16Z",
          "Type" : "AWS-HMAC",
          "AccessKeyId" : "ASIAIOSFODNN7EXAMPLE",
          "SecretAccessKey" : "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "Token" : "token",
          "Expiration" : "2017-05-17T15:09:54Z"
        }
        """

    @Test func theDocumentedAnswerIsRead() throws {
        let issued = try InstanceMetadataCredentials.credentials(fromDocument: Self.documented)
        #expect(issued.credentials == AWSCredentials(accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                                      sessionToken: "token"))
        #expect(issued.expiration == Date(timeIntervalSince1970: 1_495_033_794))
    }

    @Test(arguments: [
        (#"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "the role cannot be assumed"}"#, "AssumeRoleUnauthorizedAccess"),
        (#"{"Code": "Success", "AccessKeyId": "ASIA1", "SecretAccessKey": "s", "Expiration": "2017-05-17T15:09:54Z"}"#, "MalformedResponse"),
        (#"{"Code": "Success", "AccessKeyId": "ASIA1", "SecretAccessKey": "s", "Token": "t", "Expiration": "tomorrow"}"#, "MalformedResponse"),
        ("<html>not here</html>", "MalformedResponse"),
        ("", "MalformedResponse"),
    ])
    func anAnswerWithoutCredentialsIsAnError(_ text: String, _ code: String) {
        do {
            _ = try InstanceMetadataCredentials.credentials(fromDocument: text)
            Issue.record("credentials read from \(text)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test(arguments: [("rampart-gateway\n", "rampart-gateway"), ("rampart-gateway", "rampart-gateway"), ("  a\nb\n", "a")])
    func theListedRoleIsTheFirst(_ listing: String, _ role: String) throws {
        #expect(try InstanceMetadataCredentials.role(fromListing: listing) == role)
    }

    @Test(arguments: ["", "\n", "a/b\n"])
    func noRoleIsAnError(_ listing: String) {
        #expect(throws: AWSCredentialError.self) { try InstanceMetadataCredentials.role(fromListing: listing) }
    }
}
