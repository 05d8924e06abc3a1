/// What a command prints and how it exits: 0 success, 1 findings that fail a policy, 2 usage or input errors.
public struct CommandOutput: Sendable, Equatable {
    public var text: String
    public var exitCode: Int32

    public init(_ text: String, exitCode: Int32 = 0) {
        self.text = text
        self.exitCode = exitCode
    }
}
