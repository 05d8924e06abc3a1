import ArgumentParser
import Testing
@testable import rampart

/// Every command names itself: for a command without a `commandName`, ArgumentParser derives one from its type by
/// reflection, for the whole tree at every start of the program (a fifth of an empty `guard scan` when 43 did).
@Suite struct CommandNamesTests {
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        func walk(_ command: any ParsableCommand.Type) {
            if command.configuration.commandName == nil { unnamed.append(String(describing: command)) }
            for subcommand in command.configuration.subcommands { walk(subcommand) }
        }
        walk(Rampart.self)
        #expect(unnamed.isEmpty, "\(unnamed)")
    }
}
