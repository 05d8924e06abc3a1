import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import RampartAudit

/// OCSF events as RFC 5424 syslog messages over TCP with TLS (RFC 5425: TLS 1.2 or later, the receiver's
/// certificate verified with its host name, each message framed by its length). One connection per batch.
struct SyslogExportSink: ExportSink {
    let host: String
    let port: Int
    /// Made once: the trust roots are read and parsed here, not for every batch.
    let context: NIOSSLContext
    /// The name the receiver's certificate is checked against (nil for an address, checked by its IP SAN).
    let serverName: String?
    let hostname: String

    init(host: String, port: Int, trustRootsPEM: [UInt8]?) throws {
        self.host = host
        self.port = port
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let trustRootsPEM { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(trustRootsPEM)) }
        context = try NIOSSLContext(configuration: tls)
        serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let name = ProcessInfo.processInfo.hostName.filter { $0.isASCII && !$0.isWhitespace && $0 != "\u{7F}" }
        hostname = name.isEmpty ? "-" : String(name.prefix(255))
    }

    /// One framed message: `LEN SP <PRI>1 TIMESTAMP HOST rampart PID ocsf-CLASS - JSON`. The facility is
    /// log audit (13); the severity follows the event's.
    static func frame(_ event: CanonicalJSON, hostname: String, processID: Int32) -> [UInt8] {
        let severity: Int64 = switch event["severity_id"]?.int ?? 1 {
        case 5...: 2
        case 4: 3
        case 3: 4
        case 2: 5
        default: 6
        }
        let time = event["time"]?.int.map { AuditEvent.timestamp(Date(timeIntervalSince1970: Double($0) / 1000)) } ?? "-"
        let header = "<\(13 * 8 + severity)>1 \(time) \(hostname) rampart \(processID) ocsf-\(event["class_uid"]?.int ?? 0) - "
        let message = Array(header.utf8) + event.encoded
        return Array("\(message.count) ".utf8) + message
    }

    func send(_ events: [CanonicalJSON]) async throws {
        guard !events.isEmpty else { return }
        let context = self.context, serverName = self.serverName
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: serverName))
                }
            }
            .connect(host: host, port: port).get()
        do {
            var buffer = channel.allocator.buffer(capacity: 512 * events.count)
            let processID = ProcessInfo.processInfo.processIdentifier
            for event in events { buffer.writeBytes(Self.frame(event, hostname: hostname, processID: processID)) }
            // Completes once the handshake succeeded and the bytes went to the socket; a refused certificate fails it.
            try await channel.writeAndFlush(buffer).get()
        } catch {
            try? await channel.close().get()
            throw ExportError(description: "syslog to \(host):\(port) failed: \(error)")
        }
        // Receivers often close without TLS's close_notify; the messages were written by then, so that is no failure.
        try? await channel.close().get()
    }
}
