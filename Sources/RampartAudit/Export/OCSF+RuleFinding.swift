extension OCSF.Context {
    /// The ASFF-style type of each detection's findings (`namespace/category/classifier`), by rule id prefix; the
    /// rest are unusual behaviour of whoever the finding is about.
    static let findingTypes: [(prefix: String, type: String)] = [
        ("auth.failure-burst", "TTPs/Credential Access/Brute Force"),
        ("auth.", "Unusual Behaviors/User/Credential Use"),
        ("injection.", "TTPs/Initial Access/Prompt Injection"),
        ("canary.", "Effects/Data Exfiltration/System Prompt Leak"),
        ("exfiltration.", "Effects/Data Exfiltration/Sensitive Completion"),
        ("key.", "TTPs/Privilege Escalation/Key Access"),
    ]

    /// A Detection Finding (2004) for a finding the detections raised (an event of kind `detection_finding`): the
    /// rule as the analytic, whom it is about, how many events from when to when, and the event that raised it.
    func ruleFinding() -> CanonicalJSON {
        let finding = event["finding"] ?? .object([:])
        let rule = finding["rule"]?.string ?? "unknown"
        let uid = finding["uid"]?.string ?? id
        let severity = OCSF.Severity.allCases.first { $0.name.lowercased() == finding["severity"]?.string } ?? .medium
        let subject = "\(finding["subject_kind"]?.string ?? "subject") \(finding["subject"]?.string ?? "?")"
        let type = Self.findingTypes.first { rule.hasPrefix($0.prefix) }?.type ?? "Unusual Behaviors/Application/\(rule)"
        var out = OCSF.base(.detectionFinding, activity: (1, "Create"), severity: severity, time: time, uid: uid, product: product, sequence: sequence,
                            correlation: nil, tenant: tenant,
                            message: "\(rule): \(finding["description"]?.string ?? "") (\(subject), \(finding["event_count"]?.int ?? 1) event(s))")
        out["status_id"] = .int(1)
        out["status"] = .string("New")
        out["is_alert"] = .bool(true)
        func milliseconds(_ key: String) -> CanonicalJSON? {
            guard let time = finding[key]?.string.flatMap(AuditEvent.parseTimestamp) else { return nil }
            return .int(Int64((time.timeIntervalSince1970 * 1000).rounded(.down)))
        }
        let analytic: CanonicalJSON = .object(["uid": .string(rule), "name": .string(rule), "type_id": .int(1), "type": .string("Rule")])
        let related: CanonicalJSON? = finding["raised_by"].map { .array([.object(["uid": $0])]) }
        out["finding_info"] = .fields([
            "uid": .string(uid), "title": .string("\(rule) on \(subject)"), "desc": finding["description"], "types": .array([.string(type)]),
            "analytic": analytic, "first_seen_time": milliseconds("first_seen"), "last_seen_time": milliseconds("last_seen"), "related_events": related,
        ])
        if let resources { out["resources"] = resources }
        out["unmapped"] = .object(["subject_kind": finding["subject_kind"] ?? .null, "subject": finding["subject"] ?? .null])
        return .object(out)
    }
}
