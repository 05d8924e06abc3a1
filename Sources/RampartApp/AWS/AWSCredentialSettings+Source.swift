import AsyncHTTPClient
import Foundation
import RampartAWS
import RampartCore
import RampartGateway

extension AWSCredentialSettings {
    /// The credentials these settings name, for signing in `region`: the instance profile's or a web identity's
    /// temporary credentials fetched through `client` (renewed before they expire; STS through `services` when
    /// given, its address checked and pinned), or keys read once. Fails when the keys cannot be read or the web
    /// identity's token file cannot be read now.
    func source(environment: [String: String], region: String, client: HTTPClient,
                services: ServiceClient? = nil) throws(InputError) -> AWSCredentialSource {
        if let instanceProfile {
            return InstanceProfileCredentials.source(instanceProfile, endpoint: instanceProfile.endpointToUse(environment: environment), client: client)
        }
        if let identity = webIdentityToUse(environment: environment) {
            guard FileManager.default.isReadableFile(atPath: identity.tokenFile) else {
                throw InputError(.unreadable, "the web identity token file \(identity.tokenFile) cannot be read")
            }
            let send: WebIdentityCredentials.Send = if let services { services.execute(_:timeout:) }
                else { { try await client.execute($0, timeout: $1) } }
            return WebIdentityCredentials.source(identity, region: region, send: send)
        }
        return .fixed(try resolve(environment: environment))
    }
}
