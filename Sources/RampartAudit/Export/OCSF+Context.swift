import Foundation

extension OCSF {
    /// One audit event being rendered.
    struct Context {
        var stored: StoredAuditEvent
        var product: Product

        var sequence: Int { stored.sequence }
        var id: String { stored.id }
        var time: Date { stored.time }
        var event: CanonicalJSON { stored.facts }
        var requestID: String? { event["request_id"]?.string }
        var tenant: String? { stored.tenant }
        var status: Int64? { event["outcome"]?["status"]?.int }
        var succeeded: Bool { status.map { $0 < 400 } ?? (event["outcome"]?["result"]?.string != "failure") }

        func base(_ kind: Class, activity: (id: Int64, name: String), severity: Severity, suffix: String = "", message: String)
            -> [String: CanonicalJSON]
        {
            OCSF.base(kind, activity: activity, severity: severity, time: time, uid: id + suffix, product: product, sequence: sequence,
                      correlation: requestID, tenant: tenant, message: message)
        }

        /// The OCSF actor: a service or application by its principal id, a person by their keyed subject reference
        /// (their id is sealed), Rampart itself or the local operator for its own actions.
        var actor: CanonicalJSON {
            if let actor = event["actor"], let kind = actor["kind"]?.string {
                let reference = event["personal"]?["subject_ref"]?.string
                let uid = actor["principal"]?.string ?? reference.map { "subject:\($0)" } ?? kind
                return .fields([
                    "user": .fields(["uid": .string(uid), "name": .string(uid), "type": .string(kind == "user" ? "User" : "System"), "type_id": .int(kind == "user" ? 1 : 3),
                                     "account": actor["tenant"].map { .object(["uid": $0]) }, "credential_uid": actor["credential_id"]]),
                    "authorizations": event["decision"].map { decision in
                        .array([.fields(["decision": .string(decision["allowed"] == .bool(true) ? "allow" : "deny"),
                                         "policy": .object(["name": .string((decision["rules"].flatMap(Self.strings) ?? []).joined(separator: ","))])])])
                    },
                ])
            }
            if let caller = event["caller"]?.string { return .object(["app_name": .string(caller)]) }
            return .object(["app_name": .string("unauthenticated client")])
        }

        static func strings(_ value: CanonicalJSON) -> [String]? {
            guard case .array(let items) = value else { return nil }
            return items.compactMap(\.string)
        }

        /// The workload and model a call was for.
        var resources: CanonicalJSON? {
            guard let target = event["target"], let workload = target["workload"]?.string else { return nil }
            return .array([.fields([
                "type": .string("GenAI workload"), "name": .string(workload), "uid": target["model"],
                "data_classification": target["classification"].map { .object(["classification": $0]) },
                "labels": target["scope"]?.int.map { .array([.string("scope:\($0)")]) },
            ])])
        }

        /// A Rampart service, as OCSF's `service` object.
        func service(_ name: String) -> CanonicalJSON {
            .object(["name": .string(name), "uid": .string(name), "version": .string(product.version)])
        }

        func apiActivity() -> CanonicalJSON {
            let method = event["http"]?["method"]?.string ?? (event["action"] != nil ? "CLI" : "POST")
            let path = event["http"]?["path"]?.string ?? event["action"]?.string ?? "unknown"
            // An operator's action from the command line is named by what it did to its object.
            let verb = method == "CLI" ? path.split(separator: ".").last.map(String.init) ?? "" : method
            let activity: (Int64, String) = switch verb {
            case "GET", "HEAD": (2, "Read")
            case "PUT", "PATCH", "disable", "enable", "set", "rotate", "rewrap": (3, "Update")
            case "DELETE", "revoke", "retire", "shred", "erase": (4, "Delete")
            default: (1, "Create")
            }
            let denied = event["decision"]?["allowed"] == .bool(false)
            var out = base(.apiActivity, activity: activity, severity: denied ? .medium : .informational,
                           message: "\(method) \(path) → \(status.map(String.init) ?? (succeeded ? "done" : "failed"))")
            out["status_id"] = .int(succeeded ? 1 : 2)
            out["status"] = .string(succeeded ? "Success" : "Failure")
            if let code = event["outcome"]?["code"]?.string { out["status_code"] = .string(code) }
            out["actor"] = actor
            out["api"] = .fields([
                "operation": .string("\(method) \(path)"), "service": service("rampart-gateway"),
                "request": .object(["uid": .string(requestID ?? id)]),
                "response": status.map { .fields(["code": .int($0), "error": event["outcome"]?["code"]]) },
            ])
            out["src_endpoint"] = .object(["name": .string("gateway client")])
            if let target = event["target"], let deployment = target["deployment"]?.string {
                out["dst_endpoint"] = .fields(["name": .string(deployment), "svc_name": target["provider"],
                                               "location": target["region"].map { .object(["region": $0]) }])
            }
            if let resources { out["resources"] = resources }
            if let http = event["http"], let status {
                out["http_request"] = .object(["http_method": http["method"] ?? .string(method), "url": .object(["path": .string(path)])])
                out["http_response"] = .object(["code": .int(status)])
            }
            out["unmapped"] = .fields([
                "rampart_kind": event["kind"], "decision": event["decision"], "usage": event["usage"], "cost_micros": event["cost_micros"],
                "latency_ms": event["latency_ms"], "stream": event["stream"], "object": event["object"], "destroyed": event["destroyed"],
            ])
            return .object(out)
        }

        func authentication() -> CanonicalJSON {
            let reason = event["authentication"]?["failure"]?.string ?? "unknown"
            var out = base(.authentication, activity: (1, "Logon"), severity: .medium, message: "a credential was refused: \(reason)")
            out["status_id"] = .int(2)
            out["status"] = .string("Failure")
            out["status_detail"] = .string(reason)
            out["user"] = .object(["name": .string("unauthenticated"), "type_id": .int(0)])
            out["service"] = service("rampart-gateway")
            out["is_remote"] = .bool(true)
            if let http = event["http"], let path = http["path"] {
                out["http_request"] = .object(["http_method": http["method"] ?? .string("POST"), "url": .object(["path": path])])
            }
            return .object(out)
        }

        /// A use of a key: an API Activity on the key, by Rampart, the operator or a principal.
        func keyUsage() -> [CanonicalJSON] {
            let operation = event["operation"]?.string ?? "use"
            let key = event["key"]
            let owner = key?["owner"]?.string ?? "?"
            let alert = event["alert"] == .bool(true)
            let activity: (Int64, String) = switch operation {
            case "seal": (1, "Create")
            case "open": (2, "Read")
            case "shred": (4, "Delete")
            default: (3, "Update")
            }
            var out = base(.apiActivity, activity: activity,
                           severity: alert || !succeeded ? .medium : .informational,
                           message: "key \(operation) on \(owner) \(succeeded ? "succeeded" : "failed")")
            out["status_id"] = .int(succeeded ? 1 : 2)
            out["status"] = .string(succeeded ? "Success" : "Failure")
            if let code = event["outcome"]?["code"]?.string { out["status_code"] = .string(code) }
            out["actor"] = actor
            out["api"] = .object(["operation": .string("key:\(operation)"), "service": service("rampart-keys"),
                                  "request": .object(["uid": .string(id)])])
            out["src_endpoint"] = .object(["name": .string("rampart")])
            out["resources"] = .array([.fields(["type": .string("Key"), "name": .string(owner + (key?["purpose"]?.string.map { "/\($0)" } ?? "")),
                                                "version": key?["version"]?.int.map { .string(String($0)) }])])
            out["unmapped"] = .fields(["rules": event["rules"], "alert": event["alert"], "object": event["object"]])
            return [.object(out)]
        }

        /// The findings of a call: one Detection Finding for prompt injection, a canary leak or an image carrying data
        /// out, one Data Security Finding for personal data and secrets, each listing what was found by type, count
        /// and action.
        func findings() -> [CanonicalJSON] {
            guard case .array(let items)? = event["findings"], !items.isEmpty else { return [] }
            var out: [CanonicalJSON] = []
            let threats = items.filter { ["injection", "canary", "exfiltration"].contains($0["category"]?.string) }
            let data = items.filter { ["pii", "secret"].contains($0["category"]?.string) }
            if !threats.isEmpty { out.append(finding(.detectionFinding, threats, suffix: ":detection")) }
            if !data.isEmpty { out.append(finding(.dataSecurityFinding, data, suffix: ":data")) }
            return out
        }

        func finding(_ kind: Class, _ items: [CanonicalJSON], suffix: String) -> CanonicalJSON {
            let blocked = items.contains { $0["action"]?.string == "block" }
            let canary = items.contains { $0["category"]?.string == "canary" }
            let secret = items.contains { $0["category"]?.string == "secret" }
            let injection = items.contains { $0["category"]?.string == "injection" }
            let severity: Severity = canary ? .critical : kind == .detectionFinding ? (blocked ? .high : .medium) : secret ? .high : .medium
            let types = Array(Set(items.compactMap { $0["type"]?.string })).sorted()
            let title = switch kind {
            case .detectionFinding:
                canary ? "Canary token leaked in model output" : injection ? "Prompt injection attempt" : "Image carrying data out of model output"
            default: secret ? "Secret in model traffic" : "Personal data in model traffic"
            }
            var event = base(kind, activity: (1, "Create"), severity: severity, suffix: suffix,
                             message: "\(title): \(types.joined(separator: ", ")) (\(blocked ? "blocked" : "handled by policy"))")
            event["status_id"] = .int(1)
            event["status"] = .string("New")
            event["is_alert"] = .bool(true)
            event["finding_info"] = .fields([
                "uid": .string(id + suffix), "title": .string(title), "types": .array(types.map(CanonicalJSON.string)),
                "analytic": .object(["uid": .string("rampart-detectors"), "name": .string("rampart-detectors"), "type_id": .int(1), "type": .string("Rule")]),
                "related_events": .array([.object(["uid": .string(id), "type_uid": .int(Class.apiActivity.rawValue * 100 + 1)])]),
            ])
            event["actor"] = actor
            if let resources { event["resources"] = resources }
            if kind == .dataSecurityFinding {
                event["data_security"] = .object([
                    "detection_system_id": .int(99), "detection_system": .string("Rampart gateway"),
                    "detection_pattern": .string(types.joined(separator: ",")),
                ])
            }
            event["unmapped"] = .object(["findings": .array(items)])
            return .object(event)
        }
    }
}
