import RampartCore
import RampartMatrix
import RampartYAML
import Testing

@Suite struct CatalogTests {
    /// Every control and consideration the two seed documents name, as the foundation issue lists them.
    static let requiredControls = [
        "GOV-INVENTORY", "GOV-DATA-POLICY", "GOV-RISK-APPETITE", "GOV-DATA-CLASSIFICATION", "GOV-MODEL-CLASSIFICATION",
        "GOV-EVIDENCE", "LEG-TOS", "LEG-LICENSING", "LEG-DATA-SOVEREIGNTY", "LEG-PROVIDER-REVIEW",
        "LEG-MODEL-PROVIDER-TERMS", "LEG-OWN-TERMS", "LEG-GDPR-ERASURE", "LEG-ERASURE-TRAINING", "LEG-RETENTION",
        "RSK-PROVIDER-ASSESSMENT", "RSK-THREAT-MODEL", "CTL-OUTBOUND-DLP", "CTL-PROMPT-INJECTION", "CTL-BOTH-FLOWS",
        "IAM-APP-AUTHN", "IAM-MODEL-LEAST-PRIVILEGE", "IAM-RAG-ENTITLEMENTS", "IAM-FINE-GRAINED-ROLES",
        "IAM-MULTI-ACCOUNT", "IAM-MFA", "IAM-SERVICE-ROLES", "NET-PRIVATE", "NET-TLS13", "NET-MTLS", "NET-EDGE-PROTECTION",
        "KEY-CMEK", "KEY-PER-MODEL", "KEY-ROTATION-90D", "KEY-DECRYPT-ALLOWLIST", "KEY-HSM", "KEY-USAGE-ALERTS",
        "KEY-HYBRID", "KEY-ARTIFACT-ENCRYPTION", "LOG-API-AUDIT", "LOG-IMMUTABLE-SIEM", "DET-THREAT-DETECTION",
        "IR-PLAYBOOKS", "RES-PROVIDER-AVAILABILITY", "RES-QUOTAS-BILLING", "RES-TIMEOUTS", "RES-PROMPT-LIMITS",
        "RES-RETRY-BREAKER", "RES-VECTOR-STORE-HA", "RES-CAPACITY", "RES-MULTI-REGION", "RES-TRAINING-DATA-REGIONS",
        "RES-TRAINING-CHECKPOINTS",
    ]

    @Test func bundledCatalogHoldsEveryControlTheSeedsName() throws {
        let catalog = try Fixtures.catalog()
        #expect(Set(catalog.controls.map(\.id)) == Set(Self.requiredControls))
        for control in catalog.controls {
            #expect(!control.scopes.isEmpty && !control.evidence.isEmpty && !control.mappings.frameworks.isEmpty, "\(control.id)")
            #expect(!control.tools.aws.isEmpty && !control.tools.gcp.isEmpty && !control.tools.azure.isEmpty, "\(control.id)")
        }
        #expect(catalog.matrix.map(\.scope) == Scope.allCases)
    }

    @Test(arguments: [
        ("KEY-ROTATION-90D", [Scope.pretrainedModel, .fineTunedModel, .selfTrainedModel], Discipline.controls),
        ("GOV-RISK-APPETITE", [.consumerApp, .enterpriseApp], .governance),
        ("LEG-OWN-TERMS", [.selfTrainedModel], .legal),
        ("LEG-MODEL-PROVIDER-TERMS", [.pretrainedModel, .fineTunedModel], .legal),
        ("GOV-MODEL-CLASSIFICATION", [.fineTunedModel, .selfTrainedModel], .governance),
        ("RES-TRAINING-CHECKPOINTS", [.selfTrainedModel], .resilience),
    ])
    func controlsApplyToTheScopesTheSeedsGive(id: String, scopes: [Scope], discipline: Discipline) throws {
        let control = try #require(try Fixtures.catalog().control(id: id))
        #expect(control.scopes == scopes)
        #expect(control.discipline == discipline)
    }

    @Test(arguments: [
        (Framework.gdpr, "Art. 17", true), (.gdpr, "Article 17", false), (.gdpr, "Art. 5(1)(e)", true), (.gdpr, "Art. 120", false),
        (.soc2, "CC6.1", true), (.soc2, "CC10.1", false), (.soc2, "A1.2", true),
        (.iso27001, "A.8.24", true), (.iso27001, "A.8.35", false), (.iso27001, "A.5.37", true), (.iso27001, "A.9.1", false),
        (.hipaa, "164.312(a)(2)(iv)", true), (.hipaa, "164.308(a)(1)(ii)(A)", true), (.hipaa, "165.312", false),
        (.iso42001, "A.6.2.8", true), (.iso42001, "A.11.1", false),
        (.nistAIRMF, "GOVERN 1.1", true), (.nistAIRMF, "MANAGE 5.1", false), (.nistAIRMF, "govern 1.1", false),
        (.owaspLLM, "LLM01:2025", true), (.owaspLLM, "LLM11:2025", false), (.owaspLLM, "LLM01:2023", false),
        (.mitreATLAS, "AML.M0020", true), (.mitreATLAS, "AML.M0099", false), (.mitreATLAS, "AML.T0051", false),
    ])
    func frameworkReferencesAreChecked(framework: Framework, reference: String, valid: Bool) {
        #expect(framework.isValid(reference) == valid)
    }

    @Test func invalidCatalogReportsEveryProblemWithItsLine() {
        let yaml = """
            version: 1
            attestation_max_age_days: 365
            matrix:
              - {scope: 1, governance-compliance: [A], legal-privacy: [B], risk-management: [C], controls: [D], resilience: [e, f]}
            controls:
              - id: GOV-ONE
                title: One
                discipline: governance-compliance
                scopes: [1]
                level: required
                rationale: A rationale long enough to pass.
                evidence: [manifest]
                mappings: {gdpr: [Article 5]}
              - id: GOV-ONE
                title: Two
                discipline: controls
                scopes: [2, 2]
                level: required
                rationale: Also a rationale long enough.
                evidence: [attestation]
                mappings: {owasp_llm: ["LLM11:2025"]}
            """
        do {
            _ = try ControlCatalog.load(YAMLSource(text: yaml, file: "bad-catalog.yaml"))
            Issue.record("the catalog should not load")
        } catch {
            let paths = error.errors.map { $0.location?.keyPath ?? "" }
            #expect(paths.contains("matrix[0].resilience[0]"))
            #expect(paths.contains("controls[0].manifest_fact"))
            #expect(paths.contains("controls[0].mappings.gdpr[0]"))
            #expect(paths.contains("controls[1].id"))
            #expect(paths.contains("controls[1].scopes"))
            #expect(paths.contains("controls[1].mappings.owasp_llm[0]"))
            #expect(paths.filter { $0 == "matrix" }.count == 4)  // no rows for scopes 2-5
            let duplicate = error.errors.first { $0.message.contains("duplicate control id") }
            #expect(duplicate?.location?.line == 14)
            #expect(error.errors.allSatisfy { $0.code == .invalidCatalog })
        }
    }

    @Test func wrongDisciplineIsAnErrorThatListsTheChoices() {
        let yaml = "version: 1\nattestation_max_age_days: 1\nmatrix: []\ncontrols:\n  - {id: A-B, title: t, discipline: security, scopes: [1], level: required, rationale: r, evidence: [attestation]}\n"
        #expect {
            _ = try ControlCatalog.load(YAMLSource(text: yaml, file: "c.yaml"))
        } throws: { error in
            let first = (error as? InputErrors)?.errors.first
            return first?.location?.keyPath == "controls[0].discipline" && first?.message.contains("governance-compliance") == true
                && first?.location?.line == 5
        }
    }
}
