import Foundation
import RampartCore
@testable import RampartPosture
import Testing

@Suite struct TerraformPlanTests {
    static func resources(_ fixture: String) throws -> [DeclaredResource] {
        try #require(try InfrastructureFile.contents(at: PostureFixtures.path(fixture))?.resources)
    }

    @Test func attributesKnownOnlyAfterApplyAreUnknownAndReferencesBecomeAddresses() throws {
        let resources = try Self.resources("terraform/aws-secure.plan.json")
        let encryption = try #require(resources.first { $0.name == "aws_s3_bucket_server_side_encryption_configuration.datasets" })
        #expect(encryption.properties["bucket"] == .reference("aws_s3_bucket.datasets"))
        #expect(encryption.properties.at("rule", "apply_server_side_encryption_by_default", "kms_master_key_id") == .reference("aws_kms_key.model"))
        let bucket = try #require(resources.first { $0.name == "aws_s3_bucket.datasets" })
        #expect(bucket.properties["arn"] == .unknown)
    }

    @Test func referencesInsideModulesResolveWithinTheModule() throws {
        let resources = try Self.resources("terraform/aws-secure.plan.json")
        let encryption = try #require(resources.first { $0.name == "module.ml.aws_s3_bucket_server_side_encryption_configuration.artifacts" })
        #expect(encryption.properties["bucket"] == .reference("module.ml.aws_s3_bucket.artifacts"))
    }

    @Test func policiesFromPolicyDocumentDataSourcesAreTheirJSON() throws {
        let resources = try Self.resources("terraform/aws-secure.plan.json")
        let policy = try #require(resources.first { $0.name == "aws_s3_bucket_policy.datasets" })
        #expect(PolicyDocument(policy.properties["policy"])?.statements.count == 2)
    }

    @Test(arguments: [
        ("module.m[\"a\"].aws_s3_bucket.b[0]", "module.m.aws_s3_bucket.b"),
        ("aws_s3_bucket.b", "aws_s3_bucket.b"),
    ])
    func addressesLoseTheirIndexes(address: String, expected: String) {
        #expect(TerraformPlan.unindexed(address) == expected)
    }

    @Test func jsonThatIsNeitherAPlanNorATemplateIsAnErrorWhenNamed() throws {
        try PostureFixtures.withTemporaryFile("{\"name\": \"package.json\"}", name: "package.json") { path in
            do throws(InputErrors) {
                _ = try PostureScanner().scan(paths: [path])
                Issue.record("no error")
            } catch {
                #expect(error.errors.first?.code == .invalidValue)
            }
            // In a directory such files are skipped.
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let scanned = try PostureScanner().scan(paths: [directory])
            #expect(scanned.inputs.isEmpty)
        }
    }

    @Test func aPlanWithoutPlannedValuesNamesTheMissingKey() throws {
        try PostureFixtures.withTemporaryFile("{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.0\"}", name: "plan.json") { path in
            do throws(InputErrors) {
                _ = try PostureScanner().scan(paths: [path])
                Issue.record("no error")
            } catch {
                #expect(error.errors.first?.location?.keyPath == "planned_values.root_module")
            }
        }
    }
}
