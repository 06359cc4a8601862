import Basics
import Glibc
import MiniHTTP

/// A deliberately dumb HTTP client on a raw socket, for live tests: it sends exactly the bytes it is given
/// (malformed, split, pipelined or nothing at all) and reads responses back.
package final class RawClient {
    /// A response as read off the wire.
    package struct Response: Sendable {
        /// The status code.
        package var status: Int
        /// The reason phrase.
        package var reason: String
        /// Header fields as received.
        package var headers: HTTPHeaders
        /// The body.
        package var body: [UInt8]
        /// The body as text.
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Why a read stopped.
    package enum ClientError: Error, Equatable {
        /// The connection could not be made.
        case connectFailed(Int32)
        /// The server closed the connection before a whole response arrived.
        case closed(received: Int)
        /// Nothing more arrived in time.
        case timeout
        /// The bytes were not an HTTP response.
        case malformed(String)
    }

    /// The socket descriptor, or -1 once closed.
    package private(set) var fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `host:port` (IPv4), from the address `source` when given (such as `127.0.0.2`, to play another
    /// peer on loopback), with a receive buffer of `receiveBuffer` bytes when given (set before connecting, so the
    /// window the server sees stays small).
    package init(
        port: Int, host: String = "127.0.0.1", source: String? = nil, receiveBuffer: Int32? = nil
    ) throws(ClientError) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connectFailed(errno) }
        if var size = receiveBuffer {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        // bind(2) to the source address, then connect(2): both take an IPv4 socket address.
        let steps: [(address: String, port: Int, call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32)] =
            (source.map { [($0, 0, { bind($0, $1, $2) })] } ?? []) + [(host, port, { connect($0, $1, $2) })]
        for step in steps {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(step.port).bigEndian
            inet_pton(AF_INET, step.address, &address.sin_addr)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    step.call(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard status == 0 else {
                let code = errno
                Glibc.close(fd)
                throw .connectFailed(code)
            }
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close() }

    /// Sends the text's UTF-8 bytes. Returns false if the send failed (peer gone).
    @discardableResult
    package func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Sends exactly these bytes.
    @discardableResult
    package func send(_ bytes: [UInt8]) -> Bool {
        guard fd >= 0 else { return false }
        return Socket.writeAll(fd, bytes)
    }

    /// Closes the write side (the server reads end-of-file).
    package func shutdownWrite() { if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) } }

    /// Closes the socket.
    package func close() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    /// Closes with a TCP reset instead of a FIN (SO_LINGER 0): a client that vanishes abruptly.
    package func abort() {
        guard fd >= 0 else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    /// Reads one whole response (head, then a `Content-Length` body).
    package func readResponse(timeout: Double = 5, headRequest: Bool = false) throws(ClientError) -> Response {
        let deadline = Clock.now + timeout
        var headEnd: Int?
        while headEnd == nil {
            headEnd = RawClient.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer)
            if headEnd == nil { try fill(until: deadline) }
        }
        guard let headEnd else { throw .malformed("no head") }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw .malformed(head)
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed(line) }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingASCIIWhitespace()))
        }
        let length = headRequest || status == 100 ? 0 : Int(headers["Content-Length"] ?? "0") ?? 0
        let total = headEnd + 4 + length
        while buffer.count < total { try fill(until: deadline) }
        let body = Array(buffer[(headEnd + 4)..<total])
        buffer.removeFirst(total)
        return Response(
            status: status, reason: statusLine.count > 2 ? statusLine[2] : "", headers: headers, body: body)
    }

    /// Sends a request and reads its response.
    package func exchange(_ request: String, timeout: Double = 5) throws(ClientError) -> Response {
        send(request)
        return try readResponse(timeout: timeout)
    }

    /// Waits until the server closes the connection, returning whatever else it sent; throws on timeout.
    package func readUntilClosed(timeout: Double = 5) throws(ClientError) -> [UInt8] {
        let deadline = Clock.now + timeout
        while true {
            do {
                try fill(until: deadline)
            } catch .closed {
                defer { buffer.removeAll() }
                return buffer
            }
        }
    }

    /// True when the server has closed the connection (reads end-of-file or reset) within `timeout`.
    package func isClosedByServer(timeout: Double = 5) -> Bool {
        (try? readUntilClosed(timeout: timeout)) != nil
    }

    private func fill(until deadline: Double) throws(ClientError) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let result = chunk.withUnsafeMutableBytes { Socket.read(fd, into: $0, timeout: deadline - Clock.now) }
        switch result {
        case .bytes(let count): buffer.append(contentsOf: chunk[0..<count])
        case .closed, .failed: throw .closed(received: buffer.count)
        case .timeout: throw .timeout
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }
}
