import Basics
import Glibc

/// A minimal blocking HTTP/1.1 GET over a numeric address, for `canary-mock healthcheck`: no DNS, no curl, no
/// shell, so it works in a distroless-style image.
package enum HealthClient {
    /// What came back.
    package struct Reply: Sendable, Equatable {
        /// The status code.
        package var status: Int
        /// The body bytes.
        package var body: [UInt8]
    }

    /// Largest response read; a health answer is far smaller.
    package static let maxResponseBytes = 64 * 1024

    /// GETs `path` from `address` (an IPv4 or IPv6 literal) and `port`, with one deadline for the whole exchange.
    package static func get(address: String, port: Int, path: String, timeout: Double) -> Result<Reply, SocketError> {
        let deadline = Clock.now + timeout
        let connected = connect(address: address, port: port, deadline: deadline)
        guard case .success(let fd) = connected else {
            if case .failure(let error) = connected { return .failure(error) }
            return .failure(SocketError("connect", code: 0))
        }
        defer { close(fd) }
        let hostHeader = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        let request = "GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nConnection: close\r\nUser-Agent: canary-mock-healthcheck\r\n\r\n"
        guard Socket.writeAll(fd, Array(request.utf8)) else { return .failure(SocketError("send", code: errno)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        reading: while received.count <= maxResponseBytes {
            let result = chunk.withUnsafeMutableBytes { Socket.read(fd, into: $0, timeout: deadline - Clock.now) }
            switch result {
            case .bytes(let count): received.append(contentsOf: chunk[0..<count])
            case .closed: break reading
            case .timeout: return .failure(SocketError("read", code: ETIMEDOUT, detail: "no complete answer in time"))
            case .failed(let code): return .failure(SocketError("read", code: code))
            }
        }
        return parse(received)
    }

    /// Status line and body of a `Connection: close` response (the body is everything after the head).
    static func parse(_ bytes: [UInt8]) -> Result<Reply, SocketError> {
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        guard bytes.count >= 12, let headEnd = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == separator })
        else { return .failure(SocketError("read", code: 0, detail: "not an HTTP response")) }
        let statusLine = bytes[0..<(bytes.firstIndex(of: 0x0D) ?? headEnd)]
        let parts = statusLine.split(separator: 0x20)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)),
            let status = Int(String(decoding: parts[1], as: UTF8.self))
        else { return .failure(SocketError("read", code: 0, detail: "not an HTTP status line")) }
        return .success(Reply(status: status, body: Array(bytes[(headEnd + 4)...])))
    }

    private static func connect(address: String, port: Int, deadline: Double) -> Result<Int32, SocketError> {
        var storage = sockaddr_storage()
        var length: socklen_t
        let family: Int32
        if address.contains(":") {
            family = AF_INET6
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(truncatingIfNeeded: port).bigEndian
            guard inet_pton(AF_INET6, address, &v6.sin6_addr) == 1 else {
                return .failure(SocketError("connect", code: 0, detail: "\(address) is not a numeric address"))
            }
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee = v6 }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            family = AF_INET
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
            guard inet_pton(AF_INET, address, &v4.sin_addr) == 1 else {
                return .failure(SocketError("connect", code: 0, detail: "\(address) is not a numeric address"))
            }
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee = v4 }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(SocketError("socket", code: errno)) }
        // Non-blocking connect so a filtered port cannot hang the health check past its deadline.
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
        }
        if status != 0 {
            guard errno == EINPROGRESS else {
                let code = errno
                close(fd)
                return .failure(SocketError("connect", code: code, detail: "\(address):\(port)"))
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let waited = poll(&descriptor, 1, Int32(max(0, (deadline - Clock.now) * 1000)))
            var socketError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size)
            guard waited == 1, socketError == 0 else {
                close(fd)
                return .failure(SocketError("connect", code: waited == 1 ? socketError : ETIMEDOUT, detail: "\(address):\(port)"))
            }
        }
        _ = fcntl(fd, F_SETFL, flags)
        var sendTimeout = timeval(seconds: max(0.001, deadline - Clock.now))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
        return .success(fd)
    }
}
