/// Workload manifests the gateway tests serve.
public enum TestManifests {
    /// Scope 3: an internal chat on the simulator, in eu-west-1.
    public static let chat = """
        name: chat
        owner: platform@example.com
        description: Internal chat.
        answers: {access: own-application, model_customization: none}
        providers: [{name: simulator}]
        data: {classification: internal}
        regions: [eu-west-1]
        users: employees
        """
}
