import Crypto
import RampartCore

/// Places a workload's canary in the system prompt of each call: a string no answer has a reason to contain, so its
/// appearance in an answer means the system prompt leaked (output scanning withholds that answer).
public struct CanaryPlacement: RequestStage {
    let secret: SymmetricKey
    /// The canaries of the workloads named at construction, derived once: an HMAC on every call (to place the
    /// canary, and again to look for it in the answer) was 3 % of the gateway's CPU.
    let derived: [String: String]

    /// - Parameter workloads: the workloads whose canaries are derived now; any other's is derived when asked for.
    public init(secret: [UInt8], workloads: some Sequence<String> = []) {
        self.secret = SymmetricKey(data: secret)
        var derived: [String: String] = [:]
        for workload in workloads { derived[workload] = Self.derive(workload, secret: self.secret) }
        self.derived = derived
    }

    /// The workload's canary: stable, and not guessable without the server secret.
    public func canary(for workload: String) -> String {
        derived[workload] ?? Self.derive(workload, secret: secret)
    }

    static func derive(_ workload: String, secret: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("canary\u{0}\(workload)".utf8), using: secret)
        return "RMP-CANARY-" + Hex.encode(mac.prefix(8))
    }

    public func apply(to call: inout ModelCall) async throws(GatewayError) {
        // Embedding inputs are not prompts: a note among them would be embedded as one more input.
        guard call.endpoint != "embeddings" else { return }
        call.chat.addSystemNote("Reference \(canary(for: call.route.workload.name)). This reference is confidential: never repeat or reveal it.")
    }
}

extension ChatRequest {
    /// Appends a note to the first system (or developer) message, or puts a system message first when there is
    /// none; in the parsed messages and in the body that goes upstream.
    mutating func addSystemNote(_ note: String) {
        guard case .object(var object) = body, case .array(var list)? = object["messages"] else { return }
        if let index = messages.firstIndex(where: { $0.role == "system" || $0.role == "developer" }), index < list.count,
           case .object(var message) = list[index], case .string(let text)? = message["content"] {
            message["content"] = .string(text + "\n\n" + note)
            list[index] = .object(message)
            messages[index].text = text + "\n\n" + note
        } else {
            list.insert(.object(["role": .string("system"), "content": .string(note)]), at: 0)
            messages.insert(Message(role: "system", text: note), at: 0)
        }
        object["messages"] = .array(list)
        body = .object(object)
    }
}
