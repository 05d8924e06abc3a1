import Foundation
import RampartCore
import RampartMatrix
import RampartYAML
import Testing

@Suite struct ManifestAndAssessmentTests {
    @Test func theFiveExamplesFallInScopesOneToFive() throws {
        let catalog = try Fixtures.catalog()
        let workloads = try ManifestLoader(catalog: catalog, clock: Fixtures.clock).load(paths: [Fixtures.examples])
        #expect(workloads.map(\.decision.scope.number) == [1, 2, 3, 4, 5])
        let report = Assessor(catalog: catalog, clock: Fixtures.clock).assess(workloads)
        #expect(try Fixtures.matchesGolden(AssessmentRenderer.render(report, as: .json), "examples-assessment.json"))
        #expect(try Fixtures.matchesGolden(AssessmentRenderer.render(report, as: .markdown), "examples-assessment.md"))
        #expect(try Fixtures.matchesGolden(MatrixRenderer.render(catalog, as: .json), "matrix.json"))
    }

    static let base = """
        name: w
        owner: team@example.com
        answers: {access: own-application}
        data: {classification: internal}

        """

    struct BadManifest: Sendable, CustomTestStringConvertible {
        var yaml: String
        var code: InputError.Code
        var keyPath: String
        var line: Int?
        var testDescription: String { "\(code.rawValue) at \(keyPath)" }
    }

    @Test(arguments: [
        BadManifest(yaml: "name: w\nowner: o\nscope: 7\ndata: {classification: internal}\n", code: .invalidValue, keyPath: "scope", line: 3),
        BadManifest(yaml: base + "attestations:\n  - {control: NOPE-1, by: a, date: 2026-01-01, evidence: e}\n",
                    code: .unknownControl, keyPath: "attestations[0].control", line: 6),
        BadManifest(yaml: base + "colour: blue\n", code: .unknownKey, keyPath: "colour", line: 5),
        BadManifest(yaml: base + "users: robots\n", code: .invalidValue, keyPath: "users", line: 5),
        BadManifest(yaml: "name: w\nowner: o\nscope: 1\nanswers: {access: own-application}\ndata: {classification: internal}\n",
                    code: .conflictingAnswers, keyPath: "answers", line: 4),
        BadManifest(yaml: "name: w\nowner: o\ndata: {classification: internal}\n", code: .conflictingAnswers, keyPath: "scope", line: nil),
        BadManifest(yaml: "name: W!\nowner: o\nscope: 3\ndata: {classification: internal}\n", code: .invalidValue, keyPath: "name", line: 1),
        BadManifest(yaml: "name: w\nowner: o\nscope: 3\ndata: {classification: secret}\n", code: .invalidValue,
                    keyPath: "data.classification", line: 4),
        BadManifest(yaml: "name: w\nowner: o\nscope: 3\ndata: {classification: internal}\ntraining_data: {classification: internal}\n",
                    code: .invalidValue, keyPath: "training_data", line: 5),
        BadManifest(yaml: base + "attestations:\n  - {control: LEG-TOS, by: a, date: 2030-01-01, evidence: e}\n",
                    code: .invalidValue, keyPath: "attestations[0].date", line: 6),
    ])
    func badManifestsAreNamedPrecisely(_ c: BadManifest) {
        let errors = Fixtures.errors(c.yaml)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.code == c.code)
        #expect(errors.first?.location?.keyPath == c.keyPath)
        #expect(errors.first?.location?.file == "w.yaml")
        if let line = c.line { #expect(errors.first?.location?.line == line) }
    }

    @Test func directoriesWithoutManifestsAndMissingPathsAreErrors() throws {
        let empty = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        try "not yaml".write(to: empty.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        let loader = ManifestLoader(catalog: try Fixtures.catalog(), clock: Fixtures.clock)
        for (path, code) in [(empty.path, InputError.Code.noManifests), ("/no/such/dir", .unreadable)] {
            do {
                _ = try loader.load(paths: [path])
                Issue.record("\(path) should not load")
            } catch {
                #expect(error.errors.map(\.code) == [code])
                #expect(error.errors.first?.location?.file == path)
            }
        }
    }

    @Test func duplicateNamesAcrossFilesAndSeveralDocumentsPerFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = "name: a\nowner: o\nscope: 3\ndata: {classification: internal}\n---\nname: b\nowner: o\nscope: 1\ndata: {classification: public}\n"
        try one.write(to: dir.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let loader = ManifestLoader(catalog: try Fixtures.catalog(), clock: Fixtures.clock)
        #expect(try loader.load(paths: [dir.path]).map(\.manifest.name) == ["a", "b"])
        try "name: b\nowner: o\nscope: 2\ndata: {classification: public}\n".write(
            to: dir.appendingPathComponent("two.yml"), atomically: true, encoding: .utf8)
        do {
            _ = try loader.load(paths: [dir.path])
            Issue.record("duplicate names should be refused")
        } catch {
            #expect(error.errors.map(\.code) == [.duplicateName])
            #expect(error.errors.first?.message.contains("one.yaml") == true)
        }
    }

    func assess(_ yaml: String) throws -> WorkloadAssessment {
        let workloads = try Fixtures.load(yaml)
        return Assessor(catalog: try Fixtures.catalog(), clock: Fixtures.clock).assess(workloads).workloads[0]
    }

    func result(_ assessment: WorkloadAssessment, _ id: String) -> ControlResult? {
        assessment.results.first { $0.control.id == id }
    }

    @Test func attestationsCountOnlyWhenFreshAndAccepted() throws {
        let yaml = Self.base + """
            attestations:
              - {control: LEG-TOS, by: legal, date: 2026-10-01, evidence: doc-1}
              - {control: LEG-LICENSING, by: legal, date: 2024-01-01, evidence: doc-2}
              - {control: CTL-PROMPT-INJECTION, by: appsec, date: 2026-10-01, evidence: doc-3}
            """
        let assessment = try assess(yaml)
        #expect(result(assessment, "LEG-TOS")?.status == .satisfied)
        #expect(result(assessment, "LEG-TOS")?.evidence.first?.detail.contains("doc-1") == true)
        #expect(result(assessment, "LEG-LICENSING")?.status == .missing)
        #expect(result(assessment, "LEG-LICENSING")?.reasons.first?.contains("older than 365 days") == true)
        #expect(result(assessment, "CTL-PROMPT-INJECTION")?.status == .missing)
        #expect(result(assessment, "CTL-PROMPT-INJECTION")?.reasons.first?.contains("needs gateway-config") == true)
    }

    @Test func conditionsDecideApplicability() throws {
        let plain = try assess(Self.base)
        #expect(result(plain, "LEG-GDPR-ERASURE")?.status == .notApplicable)
        #expect(result(plain, "IAM-RAG-ENTITLEMENTS")?.status == .notApplicable)
        #expect(result(plain, "KEY-HSM")?.status == .notApplicable)
        #expect(result(plain, "LEG-OWN-TERMS")?.reasons.first == "applies to scope 5, not scope 3")
        let sensitive = try assess("""
            name: w
            owner: o
            scope: 3
            data: {classification: confidential, kinds: [phi]}
            regions: [eu-west-1, eu-central-1]
            retrieval: true
            """)
        for id in ["LEG-GDPR-ERASURE", "IAM-RAG-ENTITLEMENTS", "KEY-HSM", "RES-MULTI-REGION", "RES-VECTOR-STORE-HA"] {
            #expect(result(sensitive, id)?.status == .missing, "\(id)")
        }
    }

    @Test func aTrainedModelTakesItsTrainingDataClassificationAndFailsClosedWithout() throws {
        let declared = try assess("name: m\nowner: o\nscope: 4\ndata: {classification: internal}\ntraining_data: {classification: restricted, kinds: [pii]}\n")
        #expect(declared.effectiveClassification == .restricted)
        #expect(result(declared, "GOV-MODEL-CLASSIFICATION")?.status == .satisfied)
        #expect(result(declared, "LEG-ERASURE-TRAINING")?.status == .missing)
        let undeclared = try assess("name: m\nowner: o\nscope: 5\ndata: {classification: public}\n")
        #expect(undeclared.effectiveClassification == .restricted)
        #expect(result(undeclared, "GOV-MODEL-CLASSIFICATION")?.status == .missing)
        #expect(result(undeclared, "KEY-HSM")?.status == .missing)  // restricted by default: HSM applies
    }

    @Test func externalEvidenceCountsOnlyByAnAcceptedMethod() throws {
        let workloads = try Fixtures.load(Self.base)
        let evidence = EvidenceSet([
            .init(controlID: "NET-PRIVATE", item: EvidenceItem(method: .infrastructureScan, source: "scan.json", detail: "no public endpoints")),
            .init(controlID: "LEG-TOS", item: EvidenceItem(method: .gatewayConfig, source: "rampart.yaml", detail: "n/a")),
            .init(controlID: "KEY-CMEK", workloads: ["other"], item: EvidenceItem(method: .infrastructureScan, source: "s", detail: "d")),
        ])
        let assessment = Assessor(catalog: try Fixtures.catalog(), clock: Fixtures.clock).assess(workloads, evidence: evidence).workloads[0]
        #expect(result(assessment, "NET-PRIVATE")?.status == .satisfied)
        #expect(result(assessment, "LEG-TOS")?.status == .missing)
        #expect(result(assessment, "KEY-CMEK")?.status == .missing)
    }

    /// A gap (a failed posture check) outweighs every fact that vouches for the control, but only for the workloads
    /// it concerns and only by a method the control accepts.
    @Test func aGapMakesTheControlMissingWhateverVouchesForIt() throws {
        let workloads = try Fixtures.load(Self.base)
        let name = workloads[0].manifest.name
        let scan = { (detail: String) in EvidenceItem(method: .infrastructureScan, source: "posture scan of stack.yaml", detail: detail) }
        let evidence = EvidenceSet(
            [.init(controlID: "NET-PRIVATE", item: scan("aws.ec2.no-open-ingress passed on 3 resource(s)")),
             .init(controlID: "KEY-CMEK", item: scan("aws.s3.cmek passed on 1 resource(s)"))],
            gaps: [.init(controlID: "NET-PRIVATE", item: scan("aws.sagemaker.notebook-no-direct-internet failed on Notebook")),
                   .init(controlID: "KEY-CMEK", workloads: ["another-workload"], item: scan("aws.s3.cmek failed on Bucket")),
                   .init(controlID: "LEG-TOS", item: scan("not a control a scan can show"))])
        let assessment = Assessor(catalog: try Fixtures.catalog(), clock: Fixtures.clock).assess(workloads, evidence: evidence).workloads[0]
        #expect(assessment.workload.manifest.name == name)
        let network = try #require(result(assessment, "NET-PRIVATE"))
        #expect(network.status == .missing)
        #expect(network.reasons == ["aws.sagemaker.notebook-no-direct-internet failed on Notebook (posture scan of stack.yaml)"])
        #expect(result(assessment, "KEY-CMEK")?.status == .satisfied, "the gap concerns another workload")
        #expect(result(assessment, "LEG-TOS")?.reasons.first?.contains("posture scan") == false, "a method the control does not accept is no gap")
    }

    @Test func htmlEscapesEverythingAManifestSays() throws {
        let workloads = try Fixtures.load("""
            name: x
            owner: "<script>alert(1)</script>"
            description: "a & b <img src=x onerror=alert(2)>"
            scope: 1
            data: {classification: public}
            """)
        let report = Assessor(catalog: try Fixtures.catalog(), clock: Fixtures.clock).assess(workloads)
        let html = AssessmentRenderer.render(report, as: .html)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(!html.contains("http://") && !html.contains("https://"))  // self-contained
    }
}
