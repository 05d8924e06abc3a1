import ArgumentParser
import Foundation
import Logging
import RampartApp
import RampartCore
import RampartKeys
import RampartAudit

/// The entry point: runs the command and maps errors to Rampart's exit codes
/// (0 success, 1 findings that fail a policy, 2 usage or input errors, 3 runtime failures), with a one-line cause on stderr.
@main
enum Main {
    static func main() async {
        // Logs go to standard error, so that standard output carries only results.
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        do {
            var command = try Rampart.parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let errors as InputErrors {
            for error in errors.errors { printError("rampart: \(error)") }
            exit(2)
        } catch let error as InputError {
            printError("rampart: \(error)")
            exit(2)
        } catch let error as KeyError {
            // The provider or storage being unreachable is a runtime failure; a refusal by the key access policy is
            // 1, as a policy's verdict; anything else is the input's fault (wrong passphrase, another key or object,
            // altered or cut ciphertext, a retired or destroyed key).
            printError("rampart: \(error)")
            exit(error.code == .providerUnavailable || error.code == .storage ? 3 : error.code == .accessDenied ? 1 : 2)
        } catch let error as AuditError {
            // Storage out of reach is a runtime failure; a log that no longer matches its checkpoints is a finding.
            printError("rampart: \(error)")
            exit(error.code == .storage || error.code == .unavailable ? 3 : 1)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            switch Rampart.exitCode(for: error) {
            case .success:
                Rampart.exit(withError: error)  // --help, --version
            case .validationFailure:
                printError(Rampart.fullMessage(for: error))
                exit(2)
            default:
                // A runtime failure (storage or a peer unavailable): fail closed with its cause.
                printError("rampart: \(String(describing: error))")
                exit(3)
            }
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
