import Glibc
import Basics
import Synchronization

/// An HTTP/1.1 server on blocking POSIX sockets: one accept thread, one thread per connection up to a cap.
///
/// Stop is graceful but bounded: the listener is shut down to wake `accept()`, every connection's read side is shut
/// down to wake blocked reads, and in-flight handlers get `stopGrace` seconds to write their responses. What remains
/// then (a client reading a response slowly, say) is shut down both ways so its blocked send returns; every thread
/// is joined, and each descriptor is closed exactly once by its owner.
package final class HTTPServer: Sendable {
    /// Where and how to serve.
    package struct Configuration: Sendable {
        /// Address to bind (`127.0.0.1`, `0.0.0.0`, `::1`, `localhost`).
        package var host = "127.0.0.1"
        /// Port to bind; 0 lets the system pick a free one.
        package var port = 8080
        /// Most connections served at once; one more is answered 503 and closed.
        package var maxConnections = 512
        /// Most connections one peer address may hold at once; one more from it is answered 503 and closed, so a
        /// single client machine can never take every slot. `nil`: half of `maxConnections` (256 of the built-in
        /// 512), room for a CI runner's largest connection pool.
        package var maxConnectionsPerPeer: Int?
        /// Seconds `stop()` lets open connections finish before it shuts them down. 5: well under the 10 s that
        /// `docker stop` waits before SIGKILL.
        package var stopGrace: Double = 5
        /// The listen queue length.
        package var backlog: Int32 = 511
        /// Request limits and timeouts.
        package var limits = HTTPLimits.default

        /// The built-in configuration.
        package init() {}

        /// The per-peer limit in force: `maxConnectionsPerPeer`, or half of `maxConnections`, at least 1.
        package var peerConnectionLimit: Int {
            max(1, maxConnectionsPerPeer ?? (maxConnections + 1) / 2)
        }
    }

    /// One served request, for the access log.
    package struct AccessLogEntry: Sendable {
        /// The request method.
        package var method: HTTPMethod
        /// The request path, without the query string (it may hold secrets).
        package var path: String
        /// The response status code.
        package var status: Int
        /// Seconds from the complete request to the written response.
        package var duration: Double
        /// Response body bytes.
        package var bytes: Int
        /// The peer address.
        package var remoteAddress: String

        /// Makes an entry.
        package init(method: HTTPMethod, path: String, status: Int, duration: Double, bytes: Int, remoteAddress: String) {
            self.method = method
            self.path = path
            self.status = status
            self.duration = duration
            self.bytes = bytes
            self.remoteAddress = remoteAddress
        }
    }

    /// Something worth a log line that is not a request.
    package enum Event: Sendable {
        /// A connection was refused because `maxConnections` were open, or its peer already held its share.
        case connectionRefusedOverCap(remoteAddress: String)
        /// A socket or thread call failed; the server keeps serving.
        case systemError(SocketError)
    }

    private struct Connection {
        var fd: Int32
        /// The peer's address without its port, for the per-peer limit.
        var peerAddress: String
        var thread: pthread_t?
        /// No longer counted against the cap and no longer touched by stop(); the descriptor may still be open.
        var finished = false
        /// The descriptor is closed and the thread is returning: joining it cannot block the accept loop (a
        /// lingering close takes up to a second).
        var exited = false
    }

    private struct State {
        var listener: Int32 = -1
        var port = 0
        var acceptThread: pthread_t?
        var running = false
        var nextID = 0
        var connections: [Int: Connection] = [:]
        var active: Int { connections.values.count { !$0.finished } }
        var allFinished: Bool { connections.values.allSatisfy(\.finished) }
        func active(from peerAddress: String) -> Int {
            connections.values.count { !$0.finished && $0.peerAddress == peerAddress }
        }
    }

    /// The configuration the server was made with.
    package let configuration: Configuration
    private let responder: any HTTPResponder
    /// Draws the answers the server makes itself: the 503 refusal, parse errors, the 408.
    private let errorRenderer: any HTTPErrorRenderer
    private let accessLog: (@Sendable (AccessLogEntry) -> Void)?
    private let eventLog: (@Sendable (Event) -> Void)?
    private let state = PThreadLock(State())
    /// Set once by `stop()`. Read on every request by every connection thread: an atomic, not the state lock, so the
    /// hot path never contends on a lock (measured: reading it under the lock cost half the CPU at 50 connections).
    private let stopping = Atomic<Bool>(false)

    /// Makes a server; nothing is bound until `start()`.
    /// - Parameter errorRenderer: the format of the error responses the server writes itself (the responder draws
    ///   its own); MiniHTTP's neutral one unless the application hands down its own.
    package init(
        configuration: Configuration, responder: any HTTPResponder, accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil,
        errorRenderer: any HTTPErrorRenderer = PlainErrorRenderer(), eventLog: (@Sendable (Event) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.errorRenderer = errorRenderer
        self.accessLog = accessLog
        self.eventLog = eventLog
    }

    /// The bound port once started (the real one when configured with 0).
    package var port: Int { state.withLock { $0.port } }

    /// Connections being served right now.
    package var activeConnections: Int { state.withLock { $0.active } }

    /// Binds, listens and starts the accept thread. Returns the bound port.
    @discardableResult
    package func start() throws(SocketError) -> Int {
        // A client that closes early must not kill the process; writes also pass MSG_NOSIGNAL.
        signal(SIGPIPE, SIG_IGN)
        let bound = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let alreadyRunning = state.withLock { state -> Bool in
            if state.running || stopping.load(ordering: .sequentiallyConsistent) { return true }
            state.listener = bound.fd
            state.port = bound.port
            state.running = true
            return false
        }
        if alreadyRunning {
            close(bound.fd)
            throw SocketError("start", code: 0, detail: "server already started")
        }
        guard let thread = Threads.start({ [self] in acceptLoop(bound.fd) }) else {
            state.withLock { $0.running = false; $0.listener = -1 }
            close(bound.fd)
            throw SocketError("pthread_create", code: errno, detail: "accept thread")
        }
        state.withLock { $0.acceptThread = thread }
        return bound.port
    }

    /// Stops gracefully and returns when every thread has ended and every descriptor is closed: at most about
    /// `configuration.stopGrace` seconds plus the time a handler already running takes to return.
    package func stop() {
        let taken = state.withLock { state -> (listener: Int32, thread: pthread_t?)? in
            // The exchange under the lock makes exactly one caller do the stopping.
            guard state.running, !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return nil }
            return (state.listener, state.acceptThread)
        }
        guard let taken else { return }
        // Linux: shutdown() on a listening socket makes a blocked accept() return (EINVAL).
        _ = shutdown(taken.listener, Int32(SHUT_RDWR))
        if let thread = taken.thread { Threads.join(thread) }
        close(taken.listener)
        // The accept thread is gone, so the registry only shrinks from here. Shut down the read side of every open
        // connection under the lock (its owner closes it only after leaving the registry, so the fd is still ours).
        let threads = state.withLock { state -> [pthread_t] in
            for connection in state.connections.values where !connection.finished {
                _ = shutdown(connection.fd, Int32(SHUT_RD))
            }
            return state.connections.values.compactMap(\.thread)
        }
        // In-flight responses get the grace period; after it, shutting down the write side too makes a send blocked
        // on a client that does not read return at once (EPIPE), so stop never waits on a client.
        let deadline = Clock.now + configuration.stopGrace
        while Clock.now < deadline, !state.withLock({ $0.allFinished }) {
            usleep(10_000)
        }
        state.withLock { state in
            for connection in state.connections.values where !connection.finished {
                _ = shutdown(connection.fd, Int32(SHUT_RDWR))
            }
        }
        for thread in threads { Threads.join(thread) }
        state.withLock { state in
            state.connections.removeAll()
            state.listener = -1
            state.running = false
        }
    }

    // MARK: - Accepting

    private func acceptLoop(_ listener: Int32) {
        while true {
            let accepted = Socket.accept(listener)
            if stopping.load(ordering: .sequentiallyConsistent) {
                if case .success(let connection) = accepted { close(connection.fd) }
                return
            }
            switch accepted {
            case .failure(let error):
                switch error.code {
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: back off briefly instead of spinning, then try again.
                    eventLog?(.systemError(error))
                    usleep(10_000)
                default:
                    eventLog?(.systemError(error))
                    usleep(1_000)
                }
            case .success(let connection):
                admit(connection.fd, peer: SocketAddress.describe(connection.peer),
                      peerAddress: SocketAddress.address(of: connection.peer))
            }
        }
    }

    private func admit(_ fd: Int32, peer: String, peerAddress: String) {
        Socket.configureConnection(fd, writeTimeout: configuration.limits.writeTimeout)
        let (admitted, id, finished) = state.withLock { state -> (Bool, Int, [pthread_t]) in
            // Reap the threads of connections that have ended, so handles do not pile up.
            var finished: [pthread_t] = []
            for (key, connection) in state.connections where connection.exited {
                if let thread = connection.thread { finished.append(thread) }
                state.connections[key] = nil
            }
            guard state.active < configuration.maxConnections,
                  state.active(from: peerAddress) < configuration.peerConnectionLimit
            else { return (false, 0, finished) }
            state.nextID += 1
            state.connections[state.nextID] = Connection(fd: fd, peerAddress: peerAddress)
            return (true, state.nextID, finished)
        }
        for thread in finished { Threads.join(thread) }
        guard admitted else {
            eventLog?(.connectionRefusedOverCap(remoteAddress: peer))
            refuse(fd)
            return
        }
        let thread = Threads.start { [self] in
            serve(fd, id: id, peer: peer)
        }
        guard let thread else {
            eventLog?(.systemError(SocketError("pthread_create", code: errno, detail: "connection thread")))
            let owned = state.withLock { $0.connections.removeValue(forKey: id) != nil }
            if owned { refuse(fd) }
            return
        }
        state.withLock { $0.connections[id]?.thread = thread }
    }

    /// Answers 503 on the accept thread (the response fits the socket buffer, so this does not block) and closes.
    private func refuse(_ fd: Int32) {
        var response = errorRenderer.response(status: .serviceUnavailable, message: "Too many connections")
        response.headers.set("Retry-After", "1")
        _ = Socket.writeAll(fd, ResponseWriter.serialize(response, keepAlive: false, includeBody: true))
        // Drop what the client already sent without waiting, so closing does not reset the connection.
        _ = shutdown(fd, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        scratch.withUnsafeMutableBytes { buffer in
            while let base = buffer.baseAddress, recv(fd, base, buffer.count, Int32(MSG_DONTWAIT)) > 0 {}
        }
        close(fd)
    }

    // MARK: - Serving one connection

    private func serve(_ fd: Int32, id: Int, peer: String) {
        let closeGently = ConnectionLoop(
            fd: fd, peer: peer, limits: configuration.limits, responder: responder, errorRenderer: errorRenderer,
            accessLog: accessLog, isStopping: { [self] in stopping.load(ordering: .relaxed) }
        ).run()
        // Leave the registry first: from here on stop() will not touch this descriptor.
        state.withLock { $0.connections[id]?.finished = true }
        if closeGently {
            Socket.lingeringClose(fd)
        } else {
            close(fd)
        }
        state.withLock { $0.connections[id]?.exited = true }
    }
}
