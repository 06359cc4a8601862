import Glibc

/// An incremental HTTP/1.x request parser over bytes (RFC 9112).
///
/// Feed it bytes as they arrive with `append(_:)`, then call `nextRequest()` until it returns `nil` (more bytes
/// needed). Bytes past the end of one request stay buffered for the next one (pipelining). It never buffers more
/// than one request's head and body within `limits`, because the caller only reads more when it asks for more.
package struct HTTPRequestParser: Sendable {
    /// The bounds this parser enforces.
    package let limits: HTTPLimits

    private var buffer: [UInt8] = []
    /// Index of the first byte not yet consumed.
    private var start = 0
    private var stage = Stage.requestLine
    private var head = PartialHead()
    private var body: [UInt8] = []
    private var continueWanted = false

    private enum Stage: Sendable, Equatable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    /// What is known of the request whose head is being read.
    private struct PartialHead: Sendable {
        var method = HTTPMethod.get
        var target = ""
        var version = HTTPVersion.http11
        var headers = HTTPHeaders()
        var headerBytes = 0
        var trailerCount = 0
    }

    /// Makes a parser with the given limits.
    package init(limits: HTTPLimits = .default) {
        self.limits = limits
    }

    /// Adds bytes received from the client.
    package mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Adds bytes received from the client straight from a read buffer.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// True when no part of a request has arrived: the connection is between requests.
    package var isIdle: Bool {
        stage == .requestLine && start == buffer.count
    }

    /// True while the request head is still incomplete (the header deadline applies).
    package var isReadingHead: Bool {
        stage == .requestLine || stage == .headers
    }

    /// True once per request when the client asked for `100 Continue` (RFC 9110 §10.1.1) and the body has not
    /// fully arrived yet; the caller then writes the interim response.
    package mutating func takeContinueRequest() -> Bool {
        defer { continueWanted = false }
        return continueWanted
    }

    /// The next complete request, or `nil` when more bytes are needed.
    /// - Throws: `HTTPParseError` for anything malformed or over a limit; the parser is then unusable and the
    ///   connection must close after answering.
    package mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        do {
            let request = try step()
            compact()
            return request
        } catch {
            stage = .failed
            throw error
        }
    }

    // MARK: - Stages

    private mutating func step() throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch stage {
            case .failed:
                throw .badRequest("connection already failed")
            case .requestLine:
                // RFC 9112 §2.2: ignore empty lines received before the request-line.
                while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A {
                    if buffer[start] == 0x0D {
                        // Wait for the byte after a CR: dropping it now would accept a bare CR split off by a read.
                        guard start + 1 < buffer.count else { break }
                        guard buffer[start + 1] == 0x0A else { throw .badRequest("bare CR before request line") }
                    }
                    start += 1
                }
                guard let line = try nextLine(limit: limits.maxRequestLineBytes, overLimit: requestLineOverLimit)
                else { return nil }
                try parseRequestLine(line)
                stage = .headers
            case .headers:
                let room = max(0, limits.maxHeaderBytes - head.headerBytes)
                guard let line = try nextLine(limit: room, overLimit: { _ in .headersTooLarge("header section") })
                else { return nil }
                head.headerBytes += line.consumed
                if line.range.isEmpty {
                    try finishHead()
                } else {
                    // `maxHeaderBytes` counts each field line with its line end, which `nextLine` does not see.
                    guard head.headerBytes <= limits.maxHeaderBytes else { throw .headersTooLarge("header section") }
                    try parseHeaderLine(line.range)
                }
            case .fixedBody(let remaining):
                let missing = takeBody(remaining)
                guard missing == 0 else {
                    stage = .fixedBody(remaining: missing)
                    return nil
                }
                return finishRequest()
            case .chunkSize:
                guard let line = try nextLine(limit: limits.maxChunkLineBytes, overLimit: { _ in
                    .badRequest("chunk size line too long")
                }) else { return nil }
                let size = try parseChunkSize(line.range)
                if size == 0 {
                    stage = .trailers
                } else {
                    guard size <= limits.maxBodyBytes - body.count else { throw .bodyTooLarge }
                    stage = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let missing = takeBody(remaining)
                guard missing == 0 else {
                    stage = .chunkData(remaining: missing)
                    return nil
                }
                stage = .chunkDataEnd
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF (a bare LF is tolerated, nothing else).
                guard start < buffer.count else { return nil }
                if buffer[start] == 0x0A {
                    start += 1
                } else if buffer[start] == 0x0D {
                    guard start + 1 < buffer.count else { return nil }
                    guard buffer[start + 1] == 0x0A else { throw .badRequest("chunk data not followed by CRLF") }
                    start += 2
                } else {
                    throw .badRequest("chunk data longer than its size")
                }
                stage = .chunkSize
            case .trailers:
                let room = max(0, limits.maxHeaderBytes - head.headerBytes)
                guard let line = try nextLine(limit: room, overLimit: { _ in .headersTooLarge("trailer section") })
                else { return nil }
                head.headerBytes += line.consumed
                if line.range.isEmpty { return finishRequest() }
                guard head.headerBytes <= limits.maxHeaderBytes else { throw .headersTooLarge("trailer section") }
                // RFC 9112 §7.1.2: trailer fields are parsed like header fields, then discarded here: none of
                // them may change how the request is understood.
                let field = try parseField(line.range)
                _ = field
                head.trailerCount += 1
                guard head.trailerCount <= limits.maxHeaderCount else {
                    throw .headersTooLarge("too many trailer fields")
                }
            }
        }
    }

    /// Moves up to `wanted` buffered bytes into the body; returns how many are still to come.
    private mutating func takeBody(_ wanted: Int) -> Int {
        let available = min(wanted, buffer.count - start)
        body.append(contentsOf: buffer[start..<start + available])
        start += available
        return wanted - available
    }

    /// The next line ending in LF (CR before it dropped), or `nil` if it has not fully arrived yet.
    private mutating func nextLine(
        limit: Int, overLimit: (ArraySlice<UInt8>) -> HTTPParseError
    ) throws(HTTPParseError) -> (range: Range<Int>, consumed: Int)? {
        let end = buffer.count
        let lf: Int? = buffer.withUnsafeBufferPointer { pointer -> Int? in
            guard let base = pointer.baseAddress, start < end else { return nil }
            guard let found = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        guard let lf else {
            // Allow one byte more than the limit for the CR of a CRLF still to come.
            if end - start > limit + 1 { throw overLimit(buffer[start..<end]) }
            return nil
        }
        var lineEnd = lf
        if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        guard lineEnd - start <= limit else { throw overLimit(buffer[start..<lineEnd]) }
        let range = start..<lineEnd
        let consumed = lf + 1 - start
        start = lf + 1
        return (range, consumed)
    }

    private func requestLineOverLimit(_ prefix: ArraySlice<UInt8>) -> HTTPParseError {
        // A valid method followed by a space means it is the target that runs long: 414 (RFC 9112 §3).
        // Only the first `maxRequestLineBytes` bytes are sure to have arrived whether or not the line end has,
        // so the answer looks no further: it must not depend on how the bytes were split into reads.
        let known = prefix.prefix(limits.maxRequestLineBytes)
        guard let space = known.firstIndex(of: 0x20), space > prefix.startIndex,
            prefix[prefix.startIndex..<space].allSatisfy(HTTPRequestParser.isTokenByte)
        else { return .badRequest("request line too long") }
        return .uriTooLong
    }

    // MARK: - Head

    private mutating func parseRequestLine(_ line: (range: Range<Int>, consumed: Int)) throws(HTTPParseError) {
        let bytes = buffer[line.range]
        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
        guard let firstSpace = bytes.firstIndex(of: 0x20) else { throw .badRequest("malformed request line") }
        let methodBytes = bytes[bytes.startIndex..<firstSpace]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPRequestParser.isTokenByte) else {
            throw .badRequest("malformed method")
        }
        let rest = bytes[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: 0x20) else { throw .badRequest("malformed request line") }
        let targetBytes = rest[rest.startIndex..<secondSpace]
        let versionBytes = rest[(secondSpace + 1)...]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .badRequest("malformed request-target")
        }
        head.method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        head.version = try HTTPRequestParser.parseVersion(versionBytes)
        head.target = try HTTPRequestParser.originForm(String(decoding: targetBytes, as: UTF8.self), method: head.method)
    }

    private static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let text = Array(bytes)
        // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
        guard text.count == 8, text[0] == 0x48, text[1] == 0x54, text[2] == 0x54, text[3] == 0x50, text[4] == 0x2F,
            isDigit(text[5]), text[6] == 0x2E, isDigit(text[7])
        else { throw .badRequest("malformed HTTP version") }
        let version = HTTPVersion(major: Int(text[5] - 0x30), minor: Int(text[7] - 0x30))
        guard version == .http11 || version == .http10 else {
            throw .versionNotSupported(version.description)
        }
        return version
    }

    /// The origin-form of a target: absolute-form (RFC 9112 §3.2.2) loses its scheme and authority.
    private static func originForm(_ target: String, method: HTTPMethod) throws(HTTPParseError) -> String {
        if target.hasPrefix("/") { return target }
        if target == "*", method == .options { return target }
        let lower = target.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            let afterScheme = target.dropFirst(scheme.count)
            guard let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let rest = afterScheme[pathStart...]
            return rest.hasPrefix("?") ? "/" + rest : String(rest)
        }
        throw .badRequest("malformed request-target")
    }

    private mutating func parseHeaderLine(_ range: Range<Int>) throws(HTTPParseError) {
        let field = try parseField(range)
        guard head.headers.count < limits.maxHeaderCount else { throw .headersTooLarge("too many header fields") }
        head.headers.add(field.name, field.value)
    }

    private func parseField(_ range: Range<Int>) throws(HTTPParseError) -> (name: String, value: String) {
        let bytes = buffer[range]
        // RFC 9112 §5.2: obs-fold is rejected with 400.
        if let first = bytes.first, first == 0x20 || first == 0x09 { throw .badRequest("obsolete line folding") }
        guard let colon = bytes.firstIndex(of: 0x3A) else { throw .badRequest("header field without colon") }
        let name = bytes[bytes.startIndex..<colon]
        // RFC 9112 §5.1: no whitespace between the field name and the colon; the name is a token.
        guard !name.isEmpty, name.allSatisfy(HTTPRequestParser.isTokenByte) else {
            throw .badRequest("invalid header field name")
        }
        var valueStart = colon + 1, valueEnd = bytes.endIndex
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        let value = bytes[valueStart..<valueEnd]
        // RFC 9110 §5.5: field values are VCHAR, SP, HTAB and obs-text; CR, LF, NUL and other controls are invalid.
        for byte in value where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw .badRequest("invalid character in header field value")
        }
        return (String(decoding: name, as: UTF8.self), HTTPRequestParser.decodeFieldValue(value))
    }

    /// Field values are usually ASCII; UTF-8 is kept as is, anything else is read as ISO-8859-1 so no byte is lost.
    private static func decodeFieldValue(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    private mutating func finishHead() throws(HTTPParseError) {
        let headers = head.headers
        // RFC 9112 §3.2: a 1.1 request carries exactly one Host; more than one is always an error.
        let hosts = headers.values("Host")
        if hosts.count > 1 || (head.version == .http11 && hosts.isEmpty) {
            throw .badRequest(hosts.isEmpty ? "missing Host header" : "duplicate Host header")
        }
        let transferCodings = headers.values("Transfer-Encoding").flatMap { value in
            // RFC 9110 §5.6.1: empty list elements are ignored.
            value.split(separator: ",").map { $0.trimmingASCIIWhitespace().lowercased() }.filter { !$0.isEmpty }
        }
        let lengths = headers.values("Content-Length")
        if !transferCodings.isEmpty || headers.contains("Transfer-Encoding") {
            // RFC 9112 §6.1: Content-Length with Transfer-Encoding is a smuggling vector; reject.
            guard lengths.isEmpty else { throw .badRequest("both Content-Length and Transfer-Encoding") }
            // RFC 9112 §6.1: a 1.0 request with Transfer-Encoding has faulty framing.
            guard head.version == .http11 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            guard !transferCodings.isEmpty else { throw .badRequest("empty Transfer-Encoding") }
            if let unknown = transferCodings.first(where: { $0 != "chunked" }) {
                throw .unsupportedTransferEncoding(unknown)
            }
            // Only a single final "chunked" frames a request body; "chunked, chunked" is not a framing we trust.
            guard transferCodings == ["chunked"] else { throw .badRequest("chunked applied more than once") }
            stage = .chunkSize
            noteExpectation()
            return
        }
        let length = try HTTPRequestParser.contentLength(lengths)
        guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
        if length == 0 {
            stage = .fixedBody(remaining: 0)
        } else {
            body.reserveCapacity(length)
            stage = .fixedBody(remaining: length)
            noteExpectation()
        }
    }

    private mutating func noteExpectation() {
        if head.version == .http11, head.headers.values("Expect").contains(where: { $0.lowercased() == "100-continue" }) {
            continueWanted = true
        }
    }

    /// RFC 9112 §6.3: Content-Length is 1*DIGIT; a list or repeated field must hold one value throughout.
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = item.trimmingASCIIWhitespace().utf8
                guard !digits.isEmpty, digits.allSatisfy(isDigit) else { throw .badRequest("invalid Content-Length") }
                // Nineteen digits could overflow Int; no accepted body is anywhere near that.
                guard digits.count <= 18, let number = Int(Substring(digits)) else { throw .bodyTooLarge }
                if let result, result != number { throw .badRequest("conflicting Content-Length values") }
                result = number
            }
        }
        return result ?? 0
    }

    /// RFC 9112 §7.1: chunk-size = 1*HEXDIG, optionally followed by BWS and chunk extensions, which are ignored.
    private func parseChunkSize(_ range: Range<Int>) throws(HTTPParseError) -> Int {
        let bytes = buffer[range]
        var size = 0
        var index = bytes.startIndex
        while index < bytes.endIndex, let digit = HTTPRequestParser.hexValue(bytes[index]) {
            guard size <= (Int.max - digit) / 16 else { throw .bodyTooLarge }
            size = size * 16 + digit
            index += 1
        }
        guard index > bytes.startIndex else { throw .badRequest("invalid chunk size") }
        while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index == bytes.endIndex || bytes[index] == 0x3B else { throw .badRequest("invalid chunk size") }
        for byte in bytes[index...] where (byte < 0x20 && byte != 0x09) || byte == 0x7F {
            throw .badRequest("invalid chunk extension")
        }
        return size
    }

    private mutating func finishRequest() -> HTTPRequest {
        let request = HTTPRequest(method: head.method, target: head.target, version: head.version,
                                  headers: head.headers, body: body)
        head = PartialHead()
        body = []
        continueWanted = false
        stage = .requestLine
        return request
    }

    /// Drops consumed bytes so the buffer holds only what belongs to requests still to come.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        } else if start >= 16 * 1024 || (start > 0 && stage == .requestLine) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    // MARK: - Byte classes

    /// RFC 9110 §5.6.2: tchar.
    package static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
