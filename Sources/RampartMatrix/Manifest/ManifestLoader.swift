import Foundation
public import RampartCore
public import RampartYAML
import Yams

/// Loads workload manifests from files and directories and validates them against the catalog.
///
/// A file may hold several manifests separated by `---`; a directory is searched for `.yaml` and `.yml` files.
/// Every problem in every file is reported together; nothing partial is returned.
public struct ManifestLoader: Sendable {
    public var catalog: ControlCatalog
    public var clock: WallClock

    public init(catalog: ControlCatalog, clock: WallClock = .system) {
        self.catalog = catalog
        self.clock = clock
    }

    /// Loads every manifest under the given paths.
    public func load(paths: [String]) throws(InputErrors) -> [LoadedWorkload] {
        var errors: [InputError] = []
        var sources: [YAMLSource] = []
        for path in paths {
            do {
                for file in try Self.manifestFiles(at: path) { sources.append(try YAMLSource.read(path: file)) }
            } catch {
                errors += error.errors
            }
        }
        var workloads: [LoadedWorkload] = []
        for source in sources {
            do { workloads += try load(source) } catch { errors += error.errors }
        }
        var firstByName: [String: LoadedWorkload] = [:]
        for workload in workloads {
            if let first = firstByName[workload.manifest.name] {
                errors.append(InputError(
                    .duplicateName, "workload name '\(workload.manifest.name)' is also used at \(first.source)",
                    at: workload.source))
            } else {
                firstByName[workload.manifest.name] = workload
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return workloads
    }

    /// Loads the manifests of one source.
    public func load(_ source: YAMLSource) throws(InputErrors) -> [LoadedWorkload] {
        let documents = try source.documents()
        guard !documents.isEmpty else {
            throw InputErrors(InputError(.noManifests, "the file holds no manifest", at: SourceLocation(file: source.file)))
        }
        var errors: [InputError] = []
        var workloads: [LoadedWorkload] = []
        for node in documents {
            do {
                let manifest = try StrictYAMLDecoder().decode(WorkloadManifest.self, from: node, file: source.file)
                let start = SourceLocation(file: source.file, line: node.mark?.line, column: nil, keyPath: manifest.name)
                switch validate(manifest) {
                case .success(let decision):
                    workloads.append(LoadedWorkload(manifest: manifest, decision: decision, source: start))
                case .failure(let problems):
                    errors += problems.problems.map { $0.inputError(in: node, file: source.file) }
                }
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw InputErrors(errors) }
        return workloads
    }

    /// Checks what the decoder cannot: names, the scope decision, attestations against the catalog.
    public func validate(_ manifest: WorkloadManifest) -> Result<ScopeDecision, ProblemList> {
        var problems: [LocatedProblem] = []
        if manifest.name.wholeMatch(of: /[a-z0-9][a-z0-9._-]{0,62}/) == nil {
            problems.append(LocatedProblem(
                .invalidValue, at: ["name"],
                "workload name '\(manifest.name)' must be 1-63 lower-case letters, digits, '.', '_' or '-'"))
        }
        if manifest.owner.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(LocatedProblem(.missingValue, at: ["owner"], "every workload needs an owner"))
        }
        for (i, region) in manifest.regions.enumerated() where region.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append(LocatedProblem(.invalidValue, at: ["regions", .index(i)], "a region name is empty"))
        }
        for (i, provider) in manifest.providers.enumerated() where provider.name.isEmpty {
            problems.append(LocatedProblem(.invalidValue, at: ["providers", .index(i), "name"], "a provider name is empty"))
        }
        let decision = ScopeClassifier.decide(declared: manifest.scope, answers: manifest.answers)
        if case .failure(let conflict) = decision {
            let path: YAMLPath = manifest.answers == nil ? ["scope"] : ["answers"]
            problems.append(LocatedProblem(.conflictingAnswers, at: path, conflict.description))
        }
        if case .success(let decided) = decision, decided.scope < .fineTunedModel, manifest.trainingData != nil {
            problems.append(LocatedProblem(
                .invalidValue, at: ["training_data"],
                "training_data describes a model the business fine-tunes or trains (scopes 4 and 5); this workload is \(decided.scope)"))
        }
        let now = clock.now
        for (i, attestation) in manifest.attestations.enumerated() {
            let path = YAMLPath(["attestations", .index(i)])
            if catalog.control(id: attestation.control) == nil {
                problems.append(LocatedProblem(
                    .unknownControl, at: path.key("control"),
                    "unknown control id '\(attestation.control)'\(Self.suggestion(for: attestation.control, in: catalog))"))
            }
            if attestation.by.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(LocatedProblem(.missingValue, at: path.key("by"), "an attestation names who makes it"))
            }
            if attestation.evidence.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(LocatedProblem(.missingValue, at: path.key("evidence"), "an attestation points to its evidence"))
            }
            if attestation.date > now.addingTimeInterval(86_400) {
                problems.append(LocatedProblem(.invalidValue, at: path.key("date"), "an attestation cannot be dated in the future"))
            }
        }
        guard problems.isEmpty, case .success(let decided) = decision else { return .failure(ProblemList(problems)) }
        return .success(decided)
    }

    /// The manifest files at a path: the file itself, or the YAML files below a directory, sorted.
    static func manifestFiles(at path: String) throws(InputErrors) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputErrors(InputError(.unreadable, "no such file or directory", at: SourceLocation(file: path)))
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw InputErrors(InputError(.unreadable, "cannot list the directory", at: SourceLocation(file: path)))
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var isSubdirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isSubdirectory), !isSubdirectory.boolValue {
                files.append(full)
            }
        }
        guard !files.isEmpty else {
            throw InputErrors(InputError(
                .noManifests, "the directory holds no manifest (.yaml or .yml files)", at: SourceLocation(file: path)))
        }
        return files.sorted()
    }

    private static func suggestion(for id: String, in catalog: ControlCatalog) -> String {
        let upper = id.uppercased()
        if catalog.control(id: upper) != nil { return "; did you mean '\(upper)'?" }
        let close = catalog.controls.map(\.id).filter { $0.hasPrefix(upper.split(separator: "-").first.map(String.init) ?? upper) }
        guard !close.isEmpty, close.count <= 12 else { return "; `rampart scope matrix` lists the control ids" }
        return "; controls with that prefix: \(close.joined(separator: ", "))"
    }
}

/// Problems found in one document, before they are located in its file.
public struct ProblemList: Error, Sendable {
    public var problems: [LocatedProblem]
    public init(_ problems: [LocatedProblem]) { self.problems = problems }
}
