import RampartCore
import RampartMatrix
import Testing

@Suite struct ScopeClassifierTests {
    typealias A = ScopingAnswers

    @Test(arguments: [
        (A(access: .publicConsumerService), Scope.consumerApp),
        (A(access: .publicConsumerService, vendorAgreement: false, trainingData: ScopingAnswers.TrainingDataVisibility.none), .consumerApp),
        (A(access: .enterpriseApplication), .enterpriseApp),
        (A(access: .enterpriseApplication, vendorAgreement: true, modelOwner: .thirdParty), .enterpriseApp),
        (A(access: .ownApplication), .pretrainedModel),
        (A(access: .ownApplication, modelCustomization: ScopingAnswers.ModelCustomization.none, modelOwner: .thirdParty), .pretrainedModel),
        (A(access: .ownApplication, modelCustomization: .fineTuned), .fineTunedModel),
        (A(access: .ownApplication, modelCustomization: .fineTuned, trainingData: .fineTuningData), .fineTunedModel),
        (A(access: .ownApplication, modelCustomization: .trainedFromScratch), .selfTrainedModel),
        (A(access: .ownApplication, modelCustomization: .trainedFromScratch, modelOwner: .us, trainingData: .all), .selfTrainedModel),
    ])
    func answersDecideTheScope(answers: ScopingAnswers, scope: Scope) throws {
        let decision = try ScopeClassifier.classify(answers).get()
        #expect(decision.scope == scope)
        #expect(decision.rationale.count >= 2)
        #expect(decision.rationale.first?.contains("access is") == true)
    }

    @Test(arguments: [
        (A(), ["answers.access"]),
        (A(access: .publicConsumerService, vendorAgreement: true), ["answers.access", "answers.vendor_agreement"]),
        (A(access: .enterpriseApplication, vendorAgreement: false), ["answers.access", "answers.vendor_agreement"]),
        (A(access: .publicConsumerService, modelCustomization: .fineTuned), ["answers.access", "answers.model_customization"]),
        (A(access: .enterpriseApplication, modelOwner: .us), ["answers.access", "answers.model_owner"]),
        (A(access: .enterpriseApplication, trainingData: .all), ["answers.access", "answers.training_data"]),
        (A(access: .ownApplication, vendorAgreement: true), ["answers.access", "answers.vendor_agreement"]),
        (A(access: .ownApplication, modelOwner: .us), ["answers.model_customization", "answers.model_owner"]),
        (A(access: .ownApplication, modelCustomization: .fineTuned, trainingData: ScopingAnswers.TrainingDataVisibility.none),
         ["answers.model_customization", "answers.training_data"]),
        (A(access: .ownApplication, modelCustomization: .fineTuned, trainingData: .all), ["answers.model_customization", "answers.training_data"]),
        (A(access: .ownApplication, modelCustomization: .trainedFromScratch, modelOwner: .thirdParty),
         ["answers.model_customization", "answers.model_owner"]),
        (A(access: .ownApplication, modelCustomization: .trainedFromScratch, trainingData: .fineTuningData),
         ["answers.model_customization", "answers.training_data"]),
    ])
    func contradictoryAnswersNameTheAnswersInConflict(answers: ScopingAnswers, named: [String]) {
        switch ScopeClassifier.classify(answers) {
        case .success(let decision): Issue.record("expected a conflict, got \(decision.scope)")
        case .failure(let conflict): #expect(conflict.answers == named)
        }
    }

    @Test func aDeclaredScopeMustAgreeWithTheAnswers() {
        let agree = ScopeClassifier.decide(declared: .pretrainedModel, answers: A(access: .ownApplication))
        #expect((try? agree.get())?.basis == .declaredAndAnswers)
        let disagree = ScopeClassifier.decide(declared: .consumerApp, answers: A(access: .ownApplication))
        guard case .failure(let conflict) = disagree else { Issue.record("expected a conflict"); return }
        #expect(conflict.answers.contains("scope"))
        #expect(conflict.message.contains("declares scope 1"))
        #expect((try? ScopeClassifier.decide(declared: .fineTunedModel, answers: nil).get())?.basis == .declared)
    }
}
