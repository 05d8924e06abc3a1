import RampartCore
import RampartMatrix
import RampartYAML
import Testing

@Suite struct QuestionnaireTests {
    @Test func answersBecomeAManifestThatLoadsBack() throws {
        var sheet = AnswerSheet()
        let typed = [
            "name": "claims-triage", "owner": "claims@example.com", "description": "Triage: claims \"fast\"",
            "access": "own-application", "model_customization": "fine-tuned", "model_owner": "third-party",
            "training_data": "fine-tuning-data", "provider": "aws-bedrock", "models": "titan, claude",
            "data_classification": "confidential", "data_kinds": "pii, phi", "training_data_classification": "restricted",
            "training_data_kinds": "phi", "regions": "eu-west-1", "users": "employees", "retrieval": "no",
        ]
        for question in Questionnaire.questions where question.isAsked(sheet) {
            sheet.answers[question.id] = try question.parse(typed[question.id] ?? "").get()
        }
        let manifest = Questionnaire.manifest(from: sheet)
        let yaml = ManifestWriter.yaml(manifest)
        let loaded = try Fixtures.load(yaml)
        #expect(loaded.first?.manifest == manifest)
        #expect(loaded.first?.decision.scope == .fineTunedModel)
        #expect(manifest.trainingData == DataProfile(classification: .restricted, kinds: [.phi]))
    }

    @Test func questionsAskedDependOnEarlierAnswers() throws {
        var sheet = AnswerSheet()
        sheet.answers["access"] = .text("public-consumer-service")
        let asked = Questionnaire.questions.filter { $0.isAsked(sheet) }.map(\.id)
        #expect(asked.contains("vendor_agreement"))
        #expect(!asked.contains("model_customization") && !asked.contains("training_data_classification"))
    }

    @Test(arguments: [
        ("access", "2", true), ("access", "own-app", false), ("vendor_agreement", "maybe", false),
        ("data_kinds", "pii, dna", false), ("data_kinds", "", true), ("name", "", false),
    ])
    func answersAreParsedStrictly(id: String, input: String, ok: Bool) throws {
        let question = try #require(Questionnaire.questions.first { $0.id == id })
        switch question.parse(input) {
        case .success: #expect(ok)
        case .failure(let problem): #expect(!ok, "\(problem.message)")
        }
    }
}
