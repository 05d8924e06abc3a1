public import Hummingbird

/// The request context of the gateway's router.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}
