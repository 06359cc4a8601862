import Basics
import Glibc
import MiniHTTP

/// A small HTTP server on 127.0.0.1 that webhook tests point the mock at: it records every request and answers
/// from a script of statuses (the last repeats), or holds each request until released.
final class WebhookReceiver: Sendable {
    /// One request as received.
    struct Received: Sendable {
        /// The method.
        let method: HTTPMethod
        /// The request target.
        let target: String
        /// The headers.
        let headers: HTTPHeaders
        /// The body.
        let body: [UInt8]
        /// The body parsed as JSON (null when it is not JSON).
        var json: JSONValue { (try? JSONReader.parse(body)) ?? .null }
    }

    private struct Responder: HTTPResponder {
        let received: PThreadLock<[Received]>
        let statuses: [Int]
        let holdSeconds: Double
        let released: PThreadLock<Bool>

        func respond(to request: HTTPRequest) -> HTTPResponse {
            let index = received.withLock { list in
                list.append(Received(method: request.method, target: request.target, headers: request.headers, body: request.body))
                return list.count - 1
            }
            let deadline = Clock.now + holdSeconds
            while Clock.now < deadline, !released.withLock({ $0 }) { usleep(20_000) }
            let status = statuses.isEmpty ? 200 : statuses[min(index, statuses.count - 1)]
            return .json(["ok": true], status: HTTPStatus(code: status))
        }
    }

    private let server: HTTPServer
    private let received = PThreadLock<[Received]>([])
    private let released = PThreadLock(false)
    /// The port it listens on.
    let port: Int

    /// Starts a receiver answering `statuses` in turn (the last repeats), each after `holdSeconds`.
    init(statuses: [Int] = [200], holdSeconds: Double = 0) throws {
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.stopGrace = 0.2
        server = HTTPServer(
            configuration: configuration,
            responder: Responder(received: received, statuses: statuses, holdSeconds: holdSeconds, released: released))
        port = try server.start()
    }

    /// The URL of `path` on this receiver.
    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request so far.
    var requests: [Received] { received.withLock { $0 } }

    /// Lets held requests answer at once, then stops the server.
    func stop() {
        released.withLock { $0 = true }
        server.stop()
    }

    /// Waits up to `seconds` for `condition`. - Returns: whether it held.
    static func wait(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Clock.now + seconds
        while Clock.now < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// A TCP port on 127.0.0.1 with nothing listening (bound, then closed).
    static func closedPort() throws -> Int {
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, responder: Router())
        let port = try server.start()
        server.stop()
        return port
    }
}
