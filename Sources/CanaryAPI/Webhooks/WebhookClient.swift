import Basics
import Glibc
import MiniHTTP

/// One blocking HTTP/1.1 POST with a deadline, for the webhook sender (docs/webhooks.md): the host is resolved with
/// `getaddrinfo` at send time (so compose service names work), each address is tried in turn, and the answer is read
/// only as far as its status line. Plain HTTP only.
package enum WebhookClient {
    /// Largest response head read; the status line is all the sender needs.
    package static let maxHeadBytes = 16 * 1024

    /// POSTs `body` as `application/json` to `url` with the extra `headers`.
    /// - Returns: the status code, or the error text an attempt records (never a header value).
    package static func post(
        url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Double
    ) -> Result<Int, WebhookFailure> {
        if url.lowercased().hasPrefix("https://") { return .failure(WebhookFailure("https is not supported by the mock")) }
        guard let parsed = WebhookURL(url) else { return .failure(WebhookFailure("not an http:// URL")) }
        let deadline = Clock.now + timeout
        let connected = connect(host: parsed.host, port: parsed.port, deadline: deadline)
        guard case .success(let fd) = connected else {
            if case .failure(let failure) = connected { return .failure(failure) }
            return .failure(WebhookFailure("connect failed"))
        }
        defer { close(fd) }
        let hostHeader = parsed.host.contains(":") ? "[\(parsed.host)]:\(parsed.port)" : "\(parsed.host):\(parsed.port)"
        var head = "POST \(parsed.target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: canary-mock-webhook\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "\r\n"
        guard Socket.writeAll(fd, Array(head.utf8) + body) else {
            return .failure(WebhookFailure(errno == EAGAIN || errno == EWOULDBLOCK ? "timed out sending" : "send failed (errno \(errno))"))
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count <= maxHeadBytes {
            if let status = status(of: received) { return .success(status) }
            let result = chunk.withUnsafeMutableBytes { Socket.read(fd, into: $0, timeout: deadline - Clock.now) }
            switch result {
            case .bytes(let count): received.append(contentsOf: chunk[0..<count])
            case .closed: return status(of: received).map { .success($0) } ?? .failure(WebhookFailure("connection closed without an answer"))
            case .timeout: return .failure(WebhookFailure("timed out after \(formatted(timeout)) s"))
            case .failed(let code): return .failure(WebhookFailure("read failed (errno \(code))"))
            }
        }
        return .failure(WebhookFailure("answer head too long"))
    }

    /// The status code once the whole status line has arrived.
    static func status(of bytes: [UInt8]) -> Int? {
        guard let end = bytes.firstIndex(of: 0x0A) else { return nil }
        let parts = bytes[..<end].split(separator: 0x20)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)) else { return 0 }
        return Int(String(decoding: parts[1], as: UTF8.self)) ?? 0
    }

    private static func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// Resolves `host` (`getaddrinfo`, numeric or a name) and connects to the first address that answers before
    /// the deadline, with non-blocking connects so a filtered port cannot hang the sender.
    private static func connect(host: String, port: Int, deadline: Double) -> Result<Int32, WebhookFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return .failure(WebhookFailure("cannot resolve \(host): \(String(cString: gai_strerror(resolved)))"))
        }
        defer { freeaddrinfo(first) }
        var lastError = WebhookFailure("no address for \(host)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let info = current.pointee
            let fd = socket(info.ai_family, info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else {
                    lastError = WebhookFailure("connect failed (errno \(errno))")
                    close(fd)
                    continue
                }
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let waited = poll(&descriptor, 1, Int32(max(0, (deadline - Clock.now) * 1000)))
                var socketError: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &size)
                guard waited == 1, socketError == 0 else {
                    lastError = WebhookFailure(waited == 1 ? "connect failed (errno \(socketError))" : "timed out connecting")
                    close(fd)
                    continue
                }
            }
            _ = fcntl(fd, F_SETFL, flags)
            let remaining = max(0.001, deadline - Clock.now)
            var sendTimeout = timeval(
                tv_sec: Int(remaining), tv_usec: Int((remaining - remaining.rounded(.down)) * 1_000_000))
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
            return .success(fd)
        }
        return .failure(lastError)
    }
}
