import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP decoder refuses (a head beyond the limits, broken framing) on the event loop: it stops
/// reading at once, writes 400 and closes the connection when the answer is out.
///
/// Without it the refusal travels to the request task first, and until that task runs, writes its 400 and closes,
/// the channel goes on reading (and dropping) what the client sends: under load, tens of megabytes of a head that
/// was already refused. The request task is not told; its request stream ends when the connection closes.
final class RefusedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A response head went out and its end has not yet.
    private var answering = false
    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError || error is ByteToMessageDecoderError else {
            context.fireErrorCaught(error)
            return
        }
        // Data read after the refusal arrives as errors too: dropped.
        guard !refused else { return }
        refused = true
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        let channel = context.channel
        guard !answering else {
            // A response is under way: it cannot become a 400, so the connection ends here.
            channel.close(promise: nil)
            return
        }
        let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // After the refusal the connection has its answer; the request task's writes go nowhere.
        guard !refused else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: answering = true
        case .end: answering = false
        default: break
        }
        context.write(data, promise: promise)
    }
}
