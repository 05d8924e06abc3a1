import AsyncHTTPClient
import Crypto
import Foundation
import RampartAWS
import RampartCore
import RampartGateway
import RampartKeys
import RampartPolicy
import RampartStorage

/// Builds the key hierarchy from `keys:` in the configuration: the providers, the catalog, the rotation period, and
/// the policy engine that decides who uses which key (the built-in rules and `identity.policies`). KMS and STS are
/// called through `services` (the address checked and pinned at each call, like every service Rampart calls); the
/// instance metadata service, link-local by design, through `client`.
enum KeysAssembly {
    static func hierarchy(context: RampartContext, database: Database, client: HTTPClient, services: ServiceClient,
                          policy: PolicyEngine? = nil, usage: KeyUsageLog? = nil) throws -> KeyHierarchy {
        let settings = context.configuration.keys
        let configFile = context.configurationFile
        var providers: [any KeyProvider] = []
        let used = Set(settings.providers + settings.tenants.values.flatMap { $0 })
        if used.contains("local") {
            let path = settings.local.keyring.hasPrefix("/") ? settings.local.keyring
                : URL(fileURLWithPath: context.dataDirectory).appendingPathComponent(settings.local.keyring).path
            let secret: KeyringSecret
            if let reference = settings.local.passphrase {
                do { secret = .passphrase(try reference.resolve(environment: context.environment)) } catch {
                    throw InputErrors(error.located(at: SourceLocation(file: configFile, keyPath: "keys.local.passphrase")))
                }
            } else {
                let keyFile = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("keyring.key").path
                do { secret = .key(SymmetricKey(data: try SecretFile.bytes(path: keyFile))) } catch {
                    throw InputErrors(InputError(.unreadable, "cannot read or create the keyring key \(keyFile): \(error)"))
                }
            }
            providers.append(try LocalKeyProvider(path: path, secret: secret, create: true, clock: context.clock))
        }
        if used.contains("aws-kms"), let kms = settings.awsKMS {
            let credentials: AWSCredentialSource
            do {
                credentials = try (kms.credentials ?? .environment).source(environment: context.environment, region: kms.region, client: client,
                                                                           services: services)
            } catch {
                throw InputErrors(error.located(at: SourceLocation(file: configFile, keyPath: "keys.aws_kms.credentials")))
            }
            guard let endpoint = URL(string: kms.endpoint ?? "https://kms.\(kms.region).amazonaws.com") else {
                throw InputErrors(InputError(.invalidValue, "keys.aws_kms.endpoint is not a URL"))
            }
            providers.append(AWSKMSProvider(endpoint: endpoint, region: kms.region, credentials: credentials,
                                            send: services.execute(_:timeout:), clock: context.clock))
        }
        if used.contains("pkcs11"), let hsm = settings.pkcs11 {
            let pin: String
            do { pin = try hsm.pin.resolve(environment: context.environment) } catch {
                throw InputErrors(error.located(at: SourceLocation(file: configFile, keyPath: "keys.pkcs11.pin")))
            }
            providers.append(try PKCS11Provider(module: hsm.module, token: hsm.token, pin: pin))
        }
        var hierarchy = KeyHierarchy(catalog: KeyCatalog(database: database), providers: providers, tenantProviders: settings.tenants,
                                     defaultProviders: settings.providers, rotationDays: settings.rotationDays, clock: context.clock,
                                     policy: try policy ?? IdentityAssembly.engine(context: context))
        hierarchy.rotationOverrides = settings.rotation
        let usage = usage ?? KeyUsageLog(logger: context.logger)
        hierarchy.usage = { usage.record($0) }
        return hierarchy
    }
}
