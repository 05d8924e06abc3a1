import Foundation
@testable import RampartPosture
import Testing

/// Numbers in a template are the author's to choose, so none of them may stop a scan: a period too long for an
/// `Int` reads as very long (and fails the rotation rule), one that is not finite as unknown.
@Suite struct TemplateNumberTests {
    @Test func absurdPeriodsAreReadNotTrappedOn() throws {
        let template = """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          SlowKey:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: true
              RotationPeriodInDays: 1e300
          Logs:
            Type: AWS::S3::Bucket
            Properties:
              LifecycleConfiguration:
                Rules:
                  - Status: Enabled
                    ExpirationInDays: 1e300
        """
        let report = try PostureFixtures.withTemporaryFile(template) { try PostureScanner().scan(paths: [$0]) }
        let rotation = report.findings.first { $0.rule.id == "aws.kms.rotation" && $0.check.resource.name == "SlowKey" }
        #expect(rotation?.passed == false, "\(report.findings.map { "\($0.rule.id) \($0.passed)" })")
    }

    @Test(arguments: [
        ("P90D", 90), ("P3M", 90), ("P1Y", 365), ("P2W1D", 15), ("PT24H", 0),
        ("P99999999999999999999Y", nil), ("P999999999Y999999999Y", 729_999_999_270), ("P9999999999D", nil), ("90D", nil),
    ] as [(String, Int?)])
    func isoDurationsCountDaysOrGiveUp(_ text: String, _ days: Int?) {
        #expect(InfrastructureBuilder.days(iso8601: text) == days)
    }

    @Test func daysFromNumbersAreBounded() {
        #expect(InfrastructureBuilder.wholeDays(90) == 90)
        #expect(InfrastructureBuilder.wholeDays(89.2) == 90)
        #expect(InfrastructureBuilder.wholeDays(1e300) == 1_000_000_000)
        #expect(InfrastructureBuilder.wholeDays(-1e300) == -1_000_000_000)
        #expect(InfrastructureBuilder.wholeDays(.infinity) == nil)
        #expect(InfrastructureBuilder.wholeDays(.nan) == nil)
    }
}
