import Basics
import Glibc

/// Reads requests from one connection, answers them in order and decides when to close. Runs on the
/// connection's own thread and owns nothing but its buffers: the server closes the descriptor afterwards.
struct ConnectionLoop {
    let fd: Int32
    let peer: String
    let limits: HTTPLimits
    let responder: any HTTPResponder
    let errorRenderer: any HTTPErrorRenderer
    let accessLog: (@Sendable (HTTPServer.AccessLogEntry) -> Void)?
    let isStopping: () -> Bool

    /// Size of one read: large enough for a typical request in one call, small enough to keep 500 threads cheap.
    static let readChunk = 64 * 1024

    /// Serves until the connection should close. Returns true when the close should linger (an error response
    /// was sent while the client may still be sending).
    func run() -> Bool {
        var parser = HTTPRequestParser(limits: limits)
        var readBuffer = [UInt8](repeating: 0, count: ConnectionLoop.readChunk)
        // The first request's head must arrive within the header deadline counted from the accept.
        var headDeadline = Clock.now + limits.headerDeadline
        var firstRequest = true
        var timeoutInForce = 0.0
        // The body of the request being read: when its head ended and how many bytes came since.
        var bodyStarted: Double?
        var bodyReceived = 0
        while true {
            do {
                if var request = try parser.nextRequest() {
                    bodyStarted = nil
                    request.remoteAddress = peer
                    let keepOpen = answer(request)
                    guard keepOpen, !isStopping() else { return false }
                    firstRequest = false
                    continue
                }
            } catch {
                answerError(error)
                return true
            }
            if parser.takeContinueRequest() {
                guard Socket.writeAll(fd, ResponseWriter.continueLine) else { return false }
            }
            let wasIdle = parser.isIdle
            let readingBody = !wasIdle && !parser.isReadingHead
            let timeout: Double
            if wasIdle {
                timeout = firstRequest ? headDeadline - Clock.now : limits.idleTimeout
            } else if !readingBody {
                timeout = headDeadline - Clock.now
            } else {
                let started = bodyStarted ?? Clock.now
                if bodyStarted == nil {
                    bodyStarted = started
                    bodyReceived = 0
                }
                // A minimum average rate after a grace (HTTPLimits.minBodyBytesPerSecond): a per-read timeout alone
                // lets a client that sends a byte every few seconds hold the connection forever.
                let pace = Socket.Pace(grace: limits.bodyGrace, minBytesPerSecond: limits.minBodyBytesPerSecond)
                timeout = min(limits.readTimeout, started + pace.deadline(after: bodyReceived) - Clock.now)
            }
            let result = readBuffer.withUnsafeMutableBytes {
                Socket.receive(fd, into: $0, timeout: timeout, timeoutInForce: &timeoutInForce)
            }
            switch result {
            case .bytes(let count):
                if wasIdle, !firstRequest { headDeadline = Clock.now + limits.headerDeadline }
                if readingBody { bodyReceived += count }
                readBuffer.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            case .closed, .failed:
                // The client went away (or stop() shut our read side): nothing to answer.
                return false
            case .timeout:
                // Silent between requests: close quietly. Mid-request: tell the client why (RFC 9110 §15.5.9).
                if wasIdle { return false }
                answerError(.timeout)
                return true
            }
        }
    }

    /// Calls the responder, writes the response, logs it. Returns whether the connection may stay open.
    private func answer(_ request: HTTPRequest) -> Bool {
        let started = Clock.now
        let response = responder.respond(to: request)
        if response.dropsConnection {
            accessLog?(HTTPServer.AccessLogEntry(
                method: request.method, path: request.path, status: 0, duration: Clock.now - started, bytes: 0,
                remoteAddress: peer))
            return false
        }
        let keepAlive = request.keepAlive && !response.closesConnection && !isStopping()
        let head = ResponseWriter.head(
            response, keepAlive: keepAlive, http10KeepAlive: keepAlive && request.version == .http10)
        // Head and body go out as two parts of one gather write: the body is never copied into a second buffer,
        // and a client that reads slower than the pace is dropped, so it cannot keep a large body alive.
        let pace = Socket.Pace(grace: limits.responseGrace, minBytesPerSecond: limits.minResponseBytesPerSecond)
        let written = Socket.write(
            fd, head: head, body: request.method == .head ? [] : response.body, pace: pace,
            stallTimeout: limits.writeTimeout)
        if written == .tooSlow { Socket.resetOnClose(fd) }
        accessLog?(HTTPServer.AccessLogEntry(
            method: request.method, path: request.path, status: response.status.code,
            duration: Clock.now - started, bytes: response.body.count, remoteAddress: peer))
        return written == .written && keepAlive
    }

    private func answerError(_ error: HTTPParseError) {
        let started = Clock.now
        let response = error.makeResponse(errorRenderer)
        _ = Socket.writeAll(fd, ResponseWriter.serialize(response, keepAlive: false, includeBody: true))
        accessLog?(HTTPServer.AccessLogEntry(
            method: "-", path: "-", status: response.status.code, duration: Clock.now - started,
            bytes: response.body.count, remoteAddress: peer))
    }
}

/// Turns a response into the bytes on the wire.
package enum ResponseWriter {
    /// The interim response to `Expect: 100-continue`.
    package static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Head and body in one buffer, for small responses (errors and refusals); `head` for everything else.
    package static func serialize(
        _ response: HTTPResponse, keepAlive: Bool, includeBody: Bool, http10KeepAlive: Bool = false
    ) -> [UInt8] {
        var out = head(response, keepAlive: keepAlive, http10KeepAlive: http10KeepAlive)
        if includeBody { out.append(contentsOf: response.body) }
        return out
    }

    /// Status line, the response's headers, then `Content-Length` and `Connection`, which only the server writes,
    /// and the blank line: everything before the body, whose bytes it never touches.
    package static func head(_ response: HTTPResponse, keepAlive: Bool, http10KeepAlive: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n".utf8)
        for field in response.headers {
            if HTTPHeaders.equalNames(field.name, "Content-Length") || HTTPHeaders.equalNames(field.name, "Connection") {
                continue
            }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10KeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        return out
    }
}
