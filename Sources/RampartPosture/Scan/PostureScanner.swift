import Dispatch
import Foundation
import Synchronization
public import RampartCore

/// Runs the rules over what the inputs declare: read (every file, every problem reported together) → translate →
/// evaluate. Pure apart from reading the files.
public struct PostureScanner: Sendable {
    public var rules: [PostureRule]
    public var settings: PostureSettings

    public init(rules: [PostureRule] = PostureRules.all, settings: PostureSettings = PostureSettings()) {
        self.rules = rules
        self.settings = settings
    }

    /// Scans templates and plans under `paths`. A file that is neither is skipped when found in a directory and an
    /// error when named; a malformed file is always an error, and no report is made from part of the inputs.
    /// - Parameter progress: called after each file with (files done, files in all).
    public func scan(paths: [String], parameters: [String: String] = [:], progress: ((Int, Int) -> Void)? = nil) throws(InputErrors) -> ScanReport {
        var files: [(path: String, named: Bool)] = []
        var errors: [InputError] = []
        for path in paths {
            do {
                let found = try InfrastructureFile.files(under: path)
                files += found.map { ($0, found == [path]) }
            } catch { errors += error.errors }
        }
        // Each template or plan is its own stack: read and translated on its own (files in parallel, a chunk at a
        // time so that progress is reported between chunks), then the models are merged in file order.
        var infrastructure = Infrastructure()
        var scanned: [String] = [], unreadable: [String] = []
        let chunk = 64
        for start in stride(from: 0, to: files.count, by: chunk) {
            let part = Array(files[start..<min(files.count, start + chunk)])
            let results = Mutex([Result<(Infrastructure, [String])?, InputErrors>?](repeating: nil, count: part.count))
            DispatchQueue.concurrentPerform(iterations: part.count) { i in
                let result: Result<(Infrastructure, [String])?, InputErrors>
                do throws(InputErrors) {
                    let contents = try InfrastructureFile.contents(at: part[i].path, parameters: parameters)
                    result = .success(contents.map { (InfrastructureBuilder.build($0.resources), $0.notes) })
                } catch {
                    result = .failure(error)
                }
                results.withLock { $0[i] = result }
            }
            for (file, result) in zip(part, results.withLock { $0 }) {
                switch result {
                case .success(let (model, notes)?):
                    infrastructure += model
                    scanned.append(file.path)
                    unreadable += notes.map { "\(file.path): \($0)" }
                case .success(nil) where file.named:
                    errors.append(InputError(.invalidValue, "neither a CloudFormation template nor a Terraform plan (terraform show -json)", at: SourceLocation(file: file.path)))
                case .success(nil): break
                case .failure(let problems): errors += problems.errors
                case nil: break
                }
            }
            progress?(min(files.count, start + chunk), files.count)
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        var report = evaluate(infrastructure, inputs: scanned)
        report.unreadable = unreadable
        return report
    }

    /// Reads a live account and runs the rules on it.
    public func scan(account reader: AWSAccountReader, progress: @Sendable (String) -> Void = { _ in }) async throws(PostureReadError) -> ScanReport {
        let account = try await reader.read(progress: progress)
        var report = evaluate(InfrastructureBuilder.build(account, regions: reader.regions),
                              inputs: ["aws account \(account.id) (\(reader.regions.joined(separator: ", ")))"])
        report.unreadable = account.unreadable
        return report
    }

    /// Runs every rule on a model.
    public func evaluate(_ infrastructure: Infrastructure, inputs: [String]) -> ScanReport {
        let findings = rules.flatMap { rule in rule.checks(infrastructure, settings: settings).map { ScanReport.Finding(rule: rule, check: $0) } }
        return ScanReport(inputs: inputs, rules: rules, findings: findings)
    }
}

