import RampartCore

/// The scoping questionnaire: the questions, in order, and how the answers become a workload manifest.
public enum Questionnaire {
    static func values<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> [String] where E.RawValue == String {
        E.allCases.map(\.rawValue)
    }

    private static func builds(_ sheet: AnswerSheet) -> Bool {
        sheet["access"].text == ScopingAnswers.Access.ownApplication.rawValue
    }

    private static func trainsModel(_ sheet: AnswerSheet) -> Bool {
        guard builds(sheet), let customization = sheet["model_customization"].text else { return false }
        return customization != ScopingAnswers.ModelCustomization.none.rawValue
    }

    /// Every question, in the order asked.
    public static let questions: [Question] = [
        Question("name", "Workload name (lower-case letters, digits and '-', e.g. support-chatbot)", .text),
        Question("owner", "Who owns it (person, team or address)", .text),
        Question("description", "What it does, in one sentence", .text, optional: true),
        Question("access", "How does the business reach generative AI? public-consumer-service: a public app or API under its terms of service; enterprise-application: a vendor's business app with GenAI inside; own-application: your own application calling a model",
                 .choice(values(ScopingAnswers.Access.self))),
        Question("vendor_agreement", "Is there a negotiated business agreement with the vendor (beyond click-through terms)?", .yesNo,
                 askedWhen: { !builds($0) }),
        Question("model_customization", "What do you do to the model? none: use a third-party foundation model as it is; fine-tuned: refine it with your data; trained-from-scratch: train your own",
                 .choice(values(ScopingAnswers.ModelCustomization.self)), askedWhen: builds),
        Question("model_owner", "Who owns the model weights?", .choice(values(ScopingAnswers.ModelOwner.self)), askedWhen: builds),
        Question("training_data", "What training data do you own or see? none, only your fine-tuning data, or all of it",
                 .choice(values(ScopingAnswers.TrainingDataVisibility.self)), askedWhen: builds),
        Question("provider", "Which provider (e.g. aws-bedrock, openai, azure-openai, self-hosted)", .text, optional: true),
        Question("models", "Which models of it", .list, optional: true),
        Question("data_classification", "Most sensitive data the workload reaches at run time (prompts, retrieval, outputs)",
                 .choice(values(DataClassification.self))),
        Question("data_kinds", "Kinds of regulated data in it", .listOf(values(DataKind.self)), optional: true),
        Question("training_data_classification", "Most sensitive data the model was fine-tuned or trained on",
                 .choice(values(DataClassification.self)), askedWhen: trainsModel),
        Question("training_data_kinds", "Kinds of regulated data in the training data", .listOf(values(DataKind.self)),
                 optional: true, askedWhen: trainsModel),
        Question("regions", "Regions it runs in (e.g. eu-west-1, us-east-1)", .list, optional: true),
        Question("users", "Who uses it", .choice(values(UserPopulation.self))),
        Question("retrieval", "Does it add retrieved documents to prompts (RAG)?", .yesNo, askedWhen: builds),
    ]

    /// The ids of every question; an answers file may hold only these.
    public static var questionIDs: [String] { questions.map(\.id) }

    /// Builds the manifest the answers describe. Scope conflicts are left for the manifest validator to report.
    public static func manifest(from sheet: AnswerSheet) -> WorkloadManifest {
        let answers = ScopingAnswers(
            access: sheet["access"].text.flatMap(ScopingAnswers.Access.init(rawValue:)),
            vendorAgreement: sheet["vendor_agreement"].bool,
            modelCustomization: sheet["model_customization"].text.flatMap(ScopingAnswers.ModelCustomization.init(rawValue:)),
            modelOwner: sheet["model_owner"].text.flatMap(ScopingAnswers.ModelOwner.init(rawValue:)),
            trainingData: sheet["training_data"].text.flatMap(ScopingAnswers.TrainingDataVisibility.init(rawValue:)))
        let providers = sheet["provider"].text.map { [ProviderUse(name: $0, models: sheet["models"].list)] } ?? []
        let training = sheet["training_data_classification"].text.flatMap(DataClassification.init(rawValue:)).map {
            DataProfile(classification: $0, kinds: sheet["training_data_kinds"].list.compactMap(DataKind.init(rawValue:)))
        }
        return WorkloadManifest(
            name: sheet["name"].text ?? "", owner: sheet["owner"].text ?? "", description: sheet["description"].text,
            answers: answers, providers: providers,
            data: DataProfile(
                classification: sheet["data_classification"].text.flatMap(DataClassification.init(rawValue:)) ?? .restricted,
                kinds: sheet["data_kinds"].list.compactMap(DataKind.init(rawValue:))),
            trainingData: training, regions: sheet["regions"].list,
            users: sheet["users"].text.flatMap(UserPopulation.init(rawValue:)) ?? .employees,
            retrieval: sheet["retrieval"].bool ?? false)
    }
}
