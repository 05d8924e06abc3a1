import Hummingbird
import NIOCore
import NIOPosix

/// Runs each request's handling on its connection's event loop (a task executor preference), so the request, its
/// upstream call (AsyncHTTPClient picks the current event loop) and its answer stay on one thread instead of
/// hopping between NIO's event loops and Swift's cooperative pool at every await. A stream's relay, which runs
/// after the handler has returned, is held to the same loop.
///
/// A request's own work (a large prompt's scan above all) holds its loop as it held a cooperative thread before:
/// there are as many loops as cores, as there are cooperative threads.
struct EventLoopAffinity: RouterMiddleware {
    typealias Context = GatewayContext
    /// One executor per event loop of the group, made once.
    let executors: [ObjectIdentifier: EventLoopTaskExecutor]

    init(group: MultiThreadedEventLoopGroup = .singleton) {
        var executors: [ObjectIdentifier: EventLoopTaskExecutor] = [:]
        for loop in group.makeIterator() { executors[ObjectIdentifier(loop)] = EventLoopTaskExecutor(loop) }
        self.executors = executors
    }

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard let executor = executors[ObjectIdentifier(context.channel.eventLoop)] else { return try await next(request, context) }
        var response = try await withTaskExecutorPreference(executor) { try await next(request, context) }
        guard response.headers[.contentType] == "text/event-stream" else { return response }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await withTaskExecutorPreference(executor) { try await body.write(writer) }
        }
        return response
    }
}

/// An event loop as a task executor: jobs run on the loop's thread, in order.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
