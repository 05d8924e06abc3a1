import ArgumentParser
import Foundation
import RampartApp
import RampartCore
import RampartPolicy

struct PrincipalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principals", abstract: "Users, service accounts and applications, by tenant.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a principal.")
        @Argument(help: "The principal's id.") var id: String
        @Option(help: "Its tenant.") var tenant: String
        @Option(help: "user, service or application.") var kind: String = "application"
        @Option(help: "A role (repeatable): admin, security-analyst, auditor, data-scientist, application, break-glass, or your own.") var role: [String] = []
        @Option(help: "A group (repeatable).") var group: [String] = []
        @Option(help: "public, internal, confidential or restricted.") var clearance: String = "internal"
        @Option var department: String?
        @Option var region: String?
        @Option(help: "A workload granted to it (repeatable).") var workload: [String] = []
        @Option(help: "For break-glass: usable for this many hours from now.") var breakGlassHours: Double?
        @OptionGroup var state: StateOptions

        func run() async throws {
            guard let kind = Principal.Kind(rawValue: kind) else { throw ValidationError("--kind is user, service or application") }
            guard let clearance = DataClassification(rawValue: clearance) else { throw ValidationError("--clearance is public, internal, confidential or restricted") }
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let attributes = PrincipalAttributes(clearance: clearance, department: department, region: region, workloads: Set(workload),
                                                 breakGlassUntil: breakGlassHours.map { context.clock.now.addingTimeInterval($0 * 3600) })
            let principal = Principal(id: id, tenant: tenant, kind: kind, roles: Set(role), groups: Set(group), attributes: attributes)
            print(try await IdentityCommands.addPrincipal(principal, context: context).text, terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List principals.")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.listPrincipals(tenant: tenant, context: context).text, terminator: "")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a principal: none of its credentials work any more.")
        @Argument var id: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.setDisabled(id, disabled: true, context: context).text, terminator: "")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled principal.")
        @Argument var id: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.setDisabled(id, disabled: false, context: context).text, terminator: "")
        }
    }
}

struct APIKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikeys", abstract: "API keys: shown once at creation, stored as a keyed hash.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a key for a principal and print it, once.")
        @Option(help: "The principal the key acts as.") var principal: String
        @Option(help: "A name to recognise the key by.") var name: String = "default"
        @Option(help: "Limit the key to this workload (repeatable).") var workload: [String] = []
        @Option(help: "Limit the key to this model (repeatable).") var model: [String] = []
        @Option(help: "Expire the key after this many days.") var expiresInDays: Double?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            if let days = expiresInDays, days <= 0 { throw ValidationError("--expires-in-days must be positive") }
            print(try await IdentityCommands.createKey(
                principal: principal, name: name, scope: CredentialScope(workloads: Set(workload), models: Set(model)),
                expiresAt: expiresInDays.map { context.clock.now.addingTimeInterval($0 * 86_400) }, context: context).text, terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys (never the keys themselves).")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.listKeys(tenant: tenant, context: context).text, terminator: "")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its id (rmp_ and 8 characters).")
        @Argument var id: String
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.revokeKey(id, context: context).text, terminator: "")
        }
    }
}

struct BudgetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budgets", abstract: "Spend budgets per principal, team and tenant.", subcommands: [Set_.self, List.self])

    struct Set_: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Create or change a budget.")
        @Argument(help: "principal:ID, team:GROUP or tenant:ID.") var subject: String
        @Option(help: "The tenant the budget belongs to.") var tenant: String
        @Option(help: "The limit in currency units, e.g. 50.00.") var limit: Double
        @Option var currency: String = "USD"
        @Option(help: "monthly or total.") var period: String = "monthly"
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.setBudget(subject: subject, tenant: tenant, limit: limit, currency: currency, period: period,
                                                       context: context).text, terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List budgets and what is spent.")
        @Option(help: "Only this tenant.") var tenant: String?
        @OptionGroup var state: StateOptions

        func run() async throws {
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            print(try await IdentityCommands.listBudgets(tenant: tenant, context: context).text, terminator: "")
        }
    }
}

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Authorization policies.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Explain whether a principal may do an action on a resource; exit 1 when denied.",
            discussion: "Example: rampart policy check --principal demo-app --action model:invoke --resource model:assistant-hr --classification restricted --workload hr-assistant")
        @Option var principal: String
        @Option(help: "e.g. model:invoke, apikey:create, evidence:read.") var action: String
        @Option(help: "KIND:ID, e.g. model:assistant or principal:alice.") var resource: String
        @Option(help: "The resource's tenant (default: none, shared).") var tenant: String?
        @Option(help: "The resource's classification.") var classification: String?
        @Option(help: "The resource's workload.") var workload: String?
        @Option(help: "The resource's region.") var region: String?
        @Flag(help: "Assume the caller proved MFA.") var mfa = false
        @Option(help: "How the caller authenticated: api-key, oidc or mtls.") var method: String = "api-key"
        @OptionGroup var state: StateOptions

        func run() async throws {
            let parts = resource.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--resource is KIND:ID, e.g. model:assistant") }
            guard Resource.Kind.all.map(\.rawValue).contains(String(parts[0])) else {
                throw ValidationError("unknown resource kind '\(parts[0])'; known: \(Resource.Kind.all.map(\.rawValue).joined(separator: ", "))")
            }
            let level = try classification.map { text throws -> DataClassification in
                guard let level = DataClassification(rawValue: text) else { throw ValidationError("--classification is public, internal, confidential or restricted") }
                return level
            }
            guard let method = AuthenticationFacts.Method(rawValue: method) else { throw ValidationError("--method is api-key, oidc or mtls") }
            let context = try RampartContext.make(configPath: state.config, dataDirectory: state.dataDir)
            let output = try await IdentityCommands.check(
                principal: principal, action: action,
                resource: Resource(kind: .init(rawValue: String(parts[0])), id: String(parts[1]), tenant: tenant, classification: level,
                                   workload: workload, region: region),
                facts: AuthenticationFacts(method: method, multiFactor: mfa, credentialID: "policy-check"), context: context)
            print(output.text, terminator: "")
            if output.exitCode != 0 { throw ExitCode(output.exitCode) }
        }
    }
}
