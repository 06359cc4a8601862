import Basics
import Glibc

/// A UDP DNS responder on one socket and one thread of its own: each datagram is read into a fixed buffer, parsed
/// (`DNSQuery.parse`), handed to the handler, and answered (`DNSReply`). The handler runs on the responder's thread
/// and may block (the next datagrams wait in the socket's buffer; the kernel drops what overflows, as a network
/// would). Stopping takes at most one poll interval plus the handler call in progress.
package final class DNSResponder: Sendable {
    /// Decides the answer to one query from one peer.
    package typealias Handler = @Sendable (DNSQuery, DNSPeer) -> DNSAnswer

    /// Where to listen and how the loop is paced.
    package struct Configuration: Sendable {
        /// The address to bind: an IPv4 or IPv6 literal (or a name getaddrinfo resolves).
        package var host = "127.0.0.1"
        /// The UDP port; 0 picks a free one (`start()` returns it).
        package var port = 0
        /// The receive buffer. A query is a header, one name of at most 255 bytes and perhaps an EDNS OPT record;
        /// anything past this many bytes is discarded by the kernel, and what is left parsed as usual.
        package var receiveBufferBytes = 4096
        /// How long one wait for a datagram lasts before the stop flag is checked again, in seconds.
        package var pollInterval = 0.1
        /// Datagrams handled per wake-up before the stop flag is checked again, so a flood cannot delay a stop.
        package var burst = 64

        /// The defaults: 127.0.0.1, a free port.
        package init() {}
    }

    private struct State {
        var fd: Int32 = -1
        var thread: pthread_t?
        var port = 0
        var stopping = false
    }

    private let configuration: Configuration
    private let handler: Handler
    private let state = PThreadLock(State())

    /// Makes a responder; nothing is bound until `start()`.
    package init(configuration: Configuration, handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// The bound port, 0 before `start()`.
    package var port: Int { state.withLock { $0.port } }

    /// Binds the socket and starts the thread.
    /// - Returns: the bound port (the system's pick when the configured port is 0).
    /// - Throws: the failed call, e.g. `bind 127.0.0.1:53: Permission denied`.
    @discardableResult
    package func start() throws(SocketError) -> Int {
        let (fd, port) = try UDPSocket.bind(host: configuration.host, port: configuration.port)
        let configuration = configuration
        let handler = handler
        let state = state
        guard let thread = Threads.start({ Self.run(fd: fd, configuration: configuration, handler: handler, state: state) })
        else {
            close(fd)
            throw SocketError("thread", code: 0, detail: "the system refused a new thread")
        }
        self.state.withLock {
            $0.fd = fd
            $0.thread = thread
            $0.port = port
        }
        return port
    }

    /// Stops the thread and closes the socket; safe to call more than once, or before `start()`.
    package func stop() {
        let thread = state.withLock { state -> pthread_t? in
            state.stopping = true
            defer { state.thread = nil }
            return state.thread
        }
        guard let thread else { return }
        Threads.join(thread)
        state.withLock { state in
            if state.fd >= 0 { close(state.fd) }
            state.fd = -1
        }
    }

    /// The loop: wait (bounded), then up to `burst` datagrams, until the stop flag is set.
    private static func run(fd: Int32, configuration: Configuration, handler: Handler, state: PThreadLock<State>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(DNSHeader.size, configuration.receiveBufferBytes),
                                                            alignment: 8)
        defer { buffer.deallocate() }
        while !state.withLock({ $0.stopping }) {
            guard UDPSocket.wait(fd, timeout: configuration.pollInterval) else { continue }
            for _ in 0..<max(1, configuration.burst) {
                guard case .datagram(let count, let address, let length) = UDPSocket.receive(fd, into: buffer) else {
                    break
                }
                let peer = UDPSocket.peer(address)
                // RFC 5452 / OSS practice: a datagram from port 0 cannot be answered; drop it.
                guard peer.port != 0 else { continue }
                guard let reply = answer(Array(buffer[0..<count]), from: peer, handler: handler) else { continue }
                _ = UDPSocket.send(fd, reply, to: address, length: length)
            }
        }
    }

    /// The bytes to send back for one datagram, or nil to drop it.
    package static func answer(_ datagram: [UInt8], from peer: DNSPeer, handler: Handler) -> [UInt8]? {
        do {
            let query = try DNSQuery.parse(datagram)
            return DNSReply.answer(query, handler(query, peer))
        } catch {
            return DNSReply.error(for: error)
        }
    }
}
