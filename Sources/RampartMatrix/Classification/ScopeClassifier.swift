public import RampartCore

/// Derives a workload's scope from its scoping answers, the way the Scoping Matrix defines the scopes.
///
/// Pure and total: every input gives either a decision or the conflict that prevents one.
public enum ScopeClassifier {
    /// Classifies from answers alone.
    public static func classify(_ answers: ScopingAnswers) -> Result<ScopeDecision, ScopeConflict> {
        guard let access = answers.access else {
            return .failure(ScopeConflict(
                answers: ["answers.access"],
                message: "the scope cannot be derived without 'access' (\(choices(ScopingAnswers.Access.self)))"))
        }
        switch access {
        case .publicConsumerService:
            if answers.vendorAgreement == true {
                return conflict("access", "vendor_agreement",
                                "a public consumer service has no negotiated vendor agreement; with one it is an enterprise application (scope 2)")
            }
            if let failure = boughtConflicts(answers, "a consumer app") { return .failure(failure) }
            return decide(.consumerApp, [
                "access is public-consumer-service: the business consumes a public generative AI service under its terms of service",
                "the business neither owns nor sees the model or its training data",
            ])
        case .enterpriseApplication:
            if answers.vendorAgreement == false {
                return conflict("access", "vendor_agreement",
                                "an enterprise application is bought under a business agreement with the vendor; without one it is a consumer service (scope 1)")
            }
            if let failure = boughtConflicts(answers, "an enterprise application") { return .failure(failure) }
            return decide(.enterpriseApp, [
                "access is enterprise-application: a third-party enterprise application with generative AI inside",
                "a business relationship with the vendor governs its use",
            ])
        case .ownApplication:
            return classifyBuilt(answers)
        }
    }

    /// Reconciles a declared scope with answers, when either or both are given.
    public static func decide(declared: Scope?, answers: ScopingAnswers?) -> Result<ScopeDecision, ScopeConflict> {
        switch (declared, answers) {
        case (nil, nil):
            return .failure(ScopeConflict(answers: ["scope", "answers"], message: "give a scope (1-5) or the scoping answers"))
        case (let scope?, nil):
            return .success(ScopeDecision(
                scope: scope, basis: .declared,
                rationale: ["declared as \(scope) by the manifest: \(scope.meaning)"]))
        case (let declared, let answers?):
            switch classify(answers) {
            case .failure(let conflict):
                return .failure(conflict)
            case .success(var decision):
                guard let declared else { return .success(decision) }
                guard declared == decision.scope else {
                    return .failure(ScopeConflict(
                        answers: ["scope"] + answerKeys(answers),
                        message: "the manifest declares \(declared) but its answers place it in \(decision.scope)"))
                }
                decision.basis = .declaredAndAnswers
                return .success(decision)
            }
        }
    }

    private static func classifyBuilt(_ answers: ScopingAnswers) -> Result<ScopeDecision, ScopeConflict> {
        if answers.vendorAgreement != nil {
            return conflict("access", "vendor_agreement",
                            "vendor_agreement is asked of bought applications; the business builds this one (own-application)")
        }
        switch answers.modelCustomization ?? ScopingAnswers.ModelCustomization.none {
        case .none:
            if answers.modelOwner == .us {
                return conflict("model_customization", "model_owner",
                                "a third-party foundation model used as it is is not owned by the business; fine-tuned (scope 4) or trained from scratch (scope 5)?")
            }
            if let seen = answers.trainingData, seen != .none {
                return conflict("model_customization", "training_data",
                                "training data is seen only when the business fine-tunes or trains the model; retrieved documents are not training data")
            }
            return decide(.pretrainedModel, [
                "access is own-application: the business builds its own application",
                "model_customization is none: it calls an existing third-party foundation model through an API",
            ])
        case .fineTuned:
            if answers.trainingData == ScopingAnswers.TrainingDataVisibility.none {
                return conflict("model_customization", "training_data",
                                "fine-tuning means the business supplies fine-tuning data, so it sees at least that data")
            }
            if answers.trainingData == .all {
                return conflict("model_customization", "training_data",
                                "a fine-tuned foundation model was pre-trained on the provider's data, which the business does not see in full; trained from scratch is scope 5")
            }
            return decide(.fineTunedModel, [
                "access is own-application: the business builds its own application",
                "model_customization is fine-tuned: it refines a third-party foundation model with its own data into a new model",
            ])
        case .trainedFromScratch:
            if answers.modelOwner == .thirdParty {
                return conflict("model_customization", "model_owner",
                                "a model the business trains from scratch is its own, not a third party's")
            }
            if let seen = answers.trainingData, seen != .all {
                return conflict("model_customization", "training_data",
                                "training from scratch uses data the business owns or acquires, so it sees all of it")
            }
            return decide(.selfTrainedModel, [
                "access is own-application: the business builds its own application",
                "model_customization is trained-from-scratch: it trains a model on data it owns or acquires and owns every aspect of it",
            ])
        }
    }

    /// Answers that cannot hold for an application the business buys.
    private static func boughtConflicts(_ answers: ScopingAnswers, _ what: String) -> ScopeConflict? {
        if let customization = answers.modelCustomization, customization != .none {
            return ScopeConflict(answers: ["answers.access", "answers.model_customization"],
                                 message: "\(what) cannot be \(customization.rawValue) by the business; modifying the model means building on it (own-application)")
        }
        if answers.modelOwner == .us {
            return ScopeConflict(answers: ["answers.access", "answers.model_owner"],
                                 message: "the business does not own the model of \(what)")
        }
        if let seen = answers.trainingData, seen != .none {
            return ScopeConflict(answers: ["answers.access", "answers.training_data"],
                                 message: "the business neither owns nor sees the training data of \(what)")
        }
        return nil
    }

    private static func decide(_ scope: Scope, _ rationale: [String]) -> Result<ScopeDecision, ScopeConflict> {
        .success(ScopeDecision(scope: scope, basis: .answers, rationale: rationale + ["so it is \(scope): \(scope.meaning)"]))
    }

    private static func conflict(_ first: String, _ second: String, _ message: String) -> Result<ScopeDecision, ScopeConflict> {
        .failure(ScopeConflict(answers: ["answers.\(first)", "answers.\(second)"], message: message))
    }

    private static func answerKeys(_ answers: ScopingAnswers) -> [String] {
        var keys: [String] = []
        if answers.access != nil { keys.append("answers.access") }
        if answers.modelCustomization != nil { keys.append("answers.model_customization") }
        return keys
    }

    private static func choices<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
