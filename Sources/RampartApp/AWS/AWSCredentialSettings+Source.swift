import AsyncHTTPClient
import Foundation
import RampartAWS
import RampartCore

extension AWSCredentialSettings {
    /// The credentials these settings name, for signing in `region`: the instance profile's or a web identity's
    /// temporary credentials fetched through `client` (renewed before they expire), or keys read once. Fails when
    /// the keys cannot be read or the web identity's token file cannot be read now.
    func source(environment: [String: String], region: String, client: HTTPClient) throws(InputError) -> AWSCredentialSource {
        if let instanceProfile {
            return InstanceProfileCredentials.source(instanceProfile, endpoint: instanceProfile.endpointToUse(environment: environment), client: client)
        }
        if let identity = webIdentityToUse(environment: environment) {
            guard FileManager.default.isReadableFile(atPath: identity.tokenFile) else {
                throw InputError(.unreadable, "the web identity token file \(identity.tokenFile) cannot be read")
            }
            return WebIdentityCredentials.source(identity, region: region, client: client)
        }
        return .fixed(try resolve(environment: environment))
    }
}
