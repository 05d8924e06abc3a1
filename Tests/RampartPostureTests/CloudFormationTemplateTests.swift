import Foundation
import RampartCore
@testable import RampartPosture
import RampartTestSupport
import RampartYAML
import Testing

@Suite struct CloudFormationTemplateTests {
    static let header = """
        Parameters:
          Env: {Type: String, Default: prod}
          Key: {Type: String}
          Subnets: {Type: CommaDelimitedList, Default: "subnet-a, subnet-b"}
        Conditions:
          Prod: !Equals [!Ref Env, prod]
          NotProd: !Not [!Condition Prod]
          Both: !And [!Condition Prod, !Equals [a, a]]
          Unknowable: !Equals [!Ref Key, x]
        Mappings:
          Days: {prod: {Rotation: 90}, dev: {Rotation: 365}}
        Resources:
          Other: {Type: AWS::S3::Bucket}

        """

    static func resolve(_ value: String, parameters: [String: String] = [:]) throws -> TemplateValue? {
        let text = header + "  Subject:\n    Type: AWS::S3::Bucket\n    Properties:\n      Value: \(value)\n"
        let resources = try CloudFormationTemplate.read(YAMLSource(text: text, file: "t.yaml"), parameters: parameters).resources
        return resources.first { $0.name == "Subject" }?.properties["Value"]
    }

    /// Each intrinsic function, short and long form, to what Rampart knows of it at scan time.
    @Test(arguments: [
        ("!Ref Env", TemplateValue.string("prod")),
        ("{Ref: Env}", .string("prod")),
        ("!Ref Key", .unknown),
        ("!Ref Other", .reference("Other")),
        ("!GetAtt Other.Arn", .reference("Other")),
        ("{\"Fn::GetAtt\": [Other, Arn]}", .reference("Other")),
        ("!Ref AWS::Partition", .string("aws")),
        ("!Ref AWS::Region", .unknown),
        ("!Sub \"arn:${AWS::Partition}:s3:::${Other}/*\"", .string("arn:aws:s3:::${Other}/*")),
        ("!Sub \"${Other.Arn}\"", .reference("Other")),
        ("!Sub [\"${A}-${Env}\", {A: x}]", .string("x-prod")),
        ("!Sub \"com.amazonaws.${AWS::Region}.bedrock-runtime\"", .string("com.amazonaws.${AWS::Region}.bedrock-runtime")),
        ("!Sub \"${!Literal}\"", .string("${Literal}")),
        ("!Join [\"-\", [a, !Ref Env, !Ref Other]]", .string("a-prod-${Other}")),
        ("!If [Prod, 90, 30]", .number(90)),
        ("!If [NotProd, 90, 30]", .number(30)),
        ("!If [Both, yes-value, no-value]", .string("yes-value")),
        ("!If [Unknowable, 90, 30]", .unknown),
        ("!Select [1, !Ref Subnets]", .string("subnet-b")),
        ("!Select [1, !Split [\",\", \"a,b,c\"]]", .string("b")),
        ("!FindInMap [Days, !Ref Env, Rotation]", .number(90)),
        ("!ImportValue shared-key", .unknown),
        ("!Base64 plain", .string("plain")),
    ])
    func intrinsicResolvesToWhatCanBeKnown(source: String, expected: TemplateValue) throws {
        #expect(try Self.resolve(source) == expected)
    }

    @Test func givenParametersOverrideDefaultsAndConditions() throws {
        #expect(try Self.resolve("!If [Prod, 90, 30]", parameters: ["Env": "dev"]) == .number(30))
        #expect(try Self.resolve("!FindInMap [Days, !Ref Env, Rotation]", parameters: ["Env": "dev"]) == .number(365))
        #expect(try Self.resolve("!Ref Key", parameters: ["Key": "alias/model"]) == .string("alias/model"))
    }

    /// A resource's condition is judged on the values given, not on defaults, which a deployment may override.
    @Test func noValueRemovesThePropertyAndFalseConditionsRemoveTheResource() throws {
        let text = Self.header + """
              Kept:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: !If [Prod, !Ref AWS::NoValue, false]
              Dropped:
                Type: AWS::KMS::Key
                Condition: NotProd
              Undecided:
                Type: AWS::KMS::Key
                Condition: Unknowable

            """
        let resources = try CloudFormationTemplate.read(YAMLSource(text: text, file: "t.yaml"), parameters: ["Env": "prod"]).resources
        #expect(resources.map(\.name) == ["Other", "Kept", "Undecided"])
        #expect(resources[1].properties["EnableKeyRotation"] == nil)
        let anyDeployment = try CloudFormationTemplate.read(YAMLSource(text: text, file: "t.yaml")).resources
        #expect(anyDeployment.map(\.name) == ["Other", "Kept", "Dropped", "Undecided"], "Env's default may be overridden when deployed")
    }

    /// `Fn::ForEach` loops are expanded over a known collection; over an unknown one, the scan names what it did not see.
    @Test func loopsAreExpandedWhenTheirCollectionIsKnown() throws {
        try PostureFixtures.withTemporaryFile("""
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::LanguageExtensions
            Parameters:
              Names: {Type: CommaDelimitedList}
            Resources:
              Fn::ForEach::Keys:
                - Name
                - [Alpha, Beta]
                - Key${Name}:
                    Type: AWS::KMS::Key
                    Properties: {EnableKeyRotation: false, Description: !Sub "key ${Name}"}
              Fn::ForEach::Unknown:
                - Name
                - !Ref Names
                - Bucket${Name}: {Type: AWS::S3::Bucket}
            """) { path in
            let report = try PostureScanner().scan(paths: [path])
            #expect(Set(report.failures.filter { $0.rule.id == "aws.kms.rotation" }.map(\.check.resource.name)) == ["KeyAlpha", "KeyBeta"])
            #expect(report.unreadable == ["\(path): Fn::ForEach::Unknown: the loop's collection is not known at scan time, so its resources were not checked"])
            #expect(try PostureScanner().scan(paths: [path], parameters: ["Names": "a,b"]).unreadable.isEmpty)
        }
    }

    @Test func resourcesCarryTheLineTheyAreDeclaredOn() throws {
        let resources = try CloudFormationTemplate.read(YAMLSource.read(path: PostureFixtures.path("cloudformation/genai-insecure.yaml"))).resources
        let bucket = try #require(resources.first { $0.name == "TrainingDataBucket" })
        #expect(bucket.location.line == 5)
        #expect(bucket.type == "AWS::S3::Bucket")
    }

    @Test func jsonTemplatesAreReadWithTheirLines() throws {
        try PostureFixtures.withTemporaryFile("""
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Resources": {
                "Key": {
                  "Type": "AWS::KMS::Key",
                  "Properties": {"EnableKeyRotation": {"Fn::If": ["Never", true, false]}}
                }
              }
            }
            """, name: "key.json") { path in
            let resources = try #require(try InfrastructureFile.contents(at: path)?.resources)
            #expect(resources.map(\.name) == ["Key"])
            #expect(resources[0].location.line == 4)
            #expect(resources[0].properties["EnableKeyRotation"] == .unknown)
        }
    }

    /// Bad input names the file and where; nothing is scanned from part of it.
    @Test(arguments: [
        ("Resources:\n  A: {Type: AWS::S3::Bucket\n", "input.malformed", 3),
        ("AWSTemplateFormatVersion: x\nResources:\n  A:\n    Properties: {}\n", "input.missing_value", 3),
        ("AWSTemplateFormatVersion: '2010-09-09'\nResources: [a]\n", "input.missing_value", nil),
    ] as [(String, String, Int?)])
    func badTemplatesAreReportedWithTheirLocation(text: String, code: String, line: Int?) throws {
        try PostureFixtures.withTemporaryFile(text) { path in
            do throws(InputErrors) {
                _ = try PostureScanner().scan(paths: [path])
                Issue.record("no error")
            } catch {
                #expect(error.errors.first?.code.rawValue == code)
                #expect(error.errors.first?.location?.file == path)
                if let line { #expect(error.errors.first?.location?.line == line) }
            }
        }
    }

    /// Aliases let a small file describe a huge tree; expanding it is refused rather than attempted.
    @Test func aliasBombsAreRefused() throws {
        var text = "AWSTemplateFormatVersion: x\nResources: {}\nx0: &a0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...8 { text += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try PostureFixtures.withTemporaryFile(text) { path in
            _ = #expect(throws: InputErrors.self) { try PostureScanner().scan(paths: [path]) }
        }
    }

    /// Mutated fixtures (bytes flipped, cut, duplicated) either scan or fail with an input error: never a crash.
    @Test func mutatedTemplatesNeverCrashTheScanner() throws {
        var generator = SplitMix(seed: 0x5EED)
        let originals = try ["cloudformation/genai-secure.yaml", "terraform/aws-secure.plan.json"].map {
            Array(try Data(contentsOf: URL(fileURLWithPath: PostureFixtures.path($0))))
        }
        for round in 0..<300 {
            var bytes = originals[round % originals.count]
            for _ in 0..<(1 + Int(generator.next() % 8)) {
                let at = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(generator.next() % 64)))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 32)], at: at)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            try PostureFixtures.withTemporaryFile("", name: round % 2 == 0 ? "t.yaml" : "p.json") { path in
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                do throws(InputErrors) { _ = try PostureScanner().scan(paths: [path]) } catch { #expect(!error.errors.isEmpty) }
            }
        }
    }
}
