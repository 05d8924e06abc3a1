/// A model name clients ask for, the workload it belongs to, and the deployments to try, in order.
public struct ModelRoute: Sendable, Hashable {
    public var model: String
    public var workload: WorkloadPolicy
    /// Only deployments the workload allows; the table refuses to hold any other.
    public var deployments: [Deployment]

    public init(model: String, workload: WorkloadPolicy, deployments: [Deployment]) {
        self.model = model
        self.workload = workload
        self.deployments = deployments
    }
}

/// Every model the gateway serves. Built only from routes whose every deployment the workload allows,
/// so that no request can be routed, first or by fallback, somewhere its workload forbids.
public struct RouteTable: Sendable {
    public private(set) var routes: [String: ModelRoute]
    /// Names that resolve, per caller, to the first of their models the caller may invoke.
    public private(set) var aliases: [String: [String]]

    /// Builds the table, or returns every route problem found.
    public static func build(_ routes: [ModelRoute], aliases: [String: [String]] = [:]) -> Result<RouteTable, RouteProblems> {
        var problems: [String] = []
        var table: [String: ModelRoute] = [:]
        for route in routes {
            if table[route.model] != nil { problems.append("model '\(route.model)' is routed twice") }
            if route.deployments.isEmpty { problems.append("model '\(route.model)' has no deployment") }
            for deployment in route.deployments {
                if case .failure(let refusal) = route.workload.allows(deployment) {
                    problems.append("model '\(route.model)' → deployment '\(deployment.name)': \(refusal.reason)")
                }
            }
            table[route.model] = route
        }
        for (alias, models) in aliases.sorted(by: { $0.key < $1.key }) {
            if table[alias] != nil { problems.append("alias '\(alias)' is also a model name") }
            if models.isEmpty { problems.append("alias '\(alias)' names no model") }
            for model in models where table[model] == nil { problems.append("alias '\(alias)' names '\(model)', which is not routed") }
        }
        return problems.isEmpty ? .success(RouteTable(routes: table, aliases: aliases)) : .failure(RouteProblems(problems: problems))
    }

    private init(routes: [String: ModelRoute], aliases: [String: [String]]) {
        self.routes = routes
        self.aliases = aliases
    }

    public func route(for model: String) -> ModelRoute? { routes[model] }

    /// The model names, sorted.
    public var models: [String] { routes.keys.sorted() }
}

public struct RouteProblems: Error, Sendable, Hashable {
    public var problems: [String]
}
