import RampartCore
import RampartDetectors

/// `POST /v1/guard/scan`: `{"text": ..., "scope": 1-5, "categories": ["pii", "secret", "injection"],
/// "injection_threshold": 0-1, "speaker": "caller" | "unknown", "image_hosts": [...]}` → `{"findings": [...],
/// "action": ...}`, the format of `rampart guard scan --jsonl`. With `image_hosts` (even empty) the text is read as a
/// model's answer: images that would load from other hosts are `exfiltration` findings.
struct GuardScanRequest: Decodable {
    var text: String
    var scope: Int?
    var categories: [String]?
    var injectionThreshold: Double?
    /// "caller" when the text is the caller's own turn (`ScanOptions.Speaker`); anything else by default.
    var speaker: String?
    var imageHosts: [String]?

    enum CodingKeys: String, CodingKey {
        case text, scope, categories, speaker
        case injectionThreshold = "injection_threshold", imageHosts = "image_hosts"
    }

    func answer() throws(GatewayError) -> ScanResult {
        guard let scope = Scope(number: scope ?? 3) else { throw .invalidRequest("'scope' is 1 to 5", param: "scope") }
        if let threshold = injectionThreshold, !(0...1).contains(threshold) {
            throw .invalidRequest("'injection_threshold' is 0 to 1", param: "injection_threshold")
        }
        let categories = Set(categories ?? ["pii", "secret", "injection"])
        for category in categories where !["pii", "secret", "injection"].contains(category) {
            throw .invalidRequest("unknown category '\(category.prefix(32))'; known: pii, secret, injection", param: "categories")
        }
        let speakers: [String: ScanOptions.Speaker] = ["caller": .caller, "unknown": .unknown]
        guard let speaker = speakers[speaker ?? "unknown"] else {
            throw .invalidRequest("'speaker' is 'caller' (the caller's own turn) or 'unknown'", param: "speaker")
        }
        for (i, entry) in (imageHosts ?? []).enumerated() {
            if let problem = ImageHosts.problem(with: entry) { throw .invalidRequest(problem, param: "image_hosts[\(i)]") }
        }
        return ScanResult(scanning: text, scope: scope, options: ScanOptions(
            pii: categories.contains("pii"), secrets: categories.contains("secret"), injection: categories.contains("injection"),
            injectionThreshold: injectionThreshold, speaker: speaker, imageHosts: imageHosts.map(ImageHosts.init)))
    }
}
