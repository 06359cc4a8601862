import MiniHTTP

/// libFuzzer entry point: the input is what a client sent on one connection.
///
/// Properties checked, with the built-in limits and with tiny ones:
/// - parsing never crashes, hangs or grows without bound (any `HTTPParseError` is a fine answer);
/// - the answer does not depend on how the bytes were split into reads (one append, or two at an offset taken
///   from the data): same requests, same error, same idle state;
/// - every request the parser yields, written back as bytes, parses again to the same request.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for limits in [HTTPLimits.default, ParserFuzz.tinyLimits] {
        let whole = ParserFuzz.parse([bytes[...]], limits: limits)
        let offset = ParserFuzz.splitOffset(bytes)
        let split = ParserFuzz.parse([bytes[..<offset], bytes[offset...]], limits: limits)
        ParserFuzz.expectSame(whole, split, "one append vs split at \(offset)")
        for request in whole.requests {
            ParserFuzz.expectReparses(request, limits: limits)
        }
    }
    return 0
}

enum ParserFuzz {
    /// Limits small enough that fuzzed inputs cross every one of them.
    static let tinyLimits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxRequestLineBytes = 40
        limits.maxHeaderBytes = 96
        limits.maxHeaderCount = 4
        limits.maxBodyBytes = 64
        limits.maxChunkLineBytes = 12
        return limits
    }()

    /// What a parser made of a byte stream.
    struct Outcome {
        var requests: [HTTPRequest] = []
        var error: HTTPParseError?
        var isIdle = false
        var isReadingHead = false
    }

    /// Feeds each piece in turn and takes every request it completes, until an error.
    static func parse(_ pieces: [ArraySlice<UInt8>], limits: HTTPLimits) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        pieces: for piece in pieces {
            parser.append(piece)
            do {
                while let request = try parser.nextRequest() {
                    outcome.requests.append(request)
                    _ = parser.takeContinueRequest()
                }
            } catch {
                outcome.error = error
                break pieces
            }
        }
        outcome.isIdle = parser.isIdle
        outcome.isReadingHead = parser.isReadingHead
        return outcome
    }

    /// A split point derived from the data, anywhere from 0 to the end.
    static func splitOffset(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes.prefix(32) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(bytes.count + 1))
    }

    static func expectSame(_ a: Outcome, _ b: Outcome, _ what: String) {
        check(a.requests.count == b.requests.count, "\(what): \(a.requests.count) vs \(b.requests.count) requests")
        for (x, y) in zip(a.requests, b.requests) { expectEqual(x, y, what) }
        check(a.error == b.error, "\(what): error \(String(describing: a.error)) vs \(String(describing: b.error))")
        if a.error == nil {
            check(a.isIdle == b.isIdle && a.isReadingHead == b.isReadingHead, "\(what): parser state differs")
        }
    }

    static func expectEqual(_ x: HTTPRequest, _ y: HTTPRequest, _ what: String) {
        check(x.method == y.method, "\(what): method \(x.method) vs \(y.method)")
        check(x.target == y.target, "\(what): target \(x.target.debugDescription) vs \(y.target.debugDescription)")
        check(x.path == y.path && x.query == y.query, "\(what): path or query differs")
        check(x.version == y.version, "\(what): version \(x.version) vs \(y.version)")
        check(x.headers == y.headers, "\(what): headers \(Array(x.headers)) vs \(Array(y.headers))")
        check(x.body == y.body, "\(what): body of \(x.body.count) vs \(y.body.count) bytes")
    }

    /// Writes the request back in a canonical form and parses it again: exactly that request, nothing more.
    static func expectReparses(_ request: HTTPRequest, limits: HTTPLimits) {
        var roomy = limits
        // Field lines come back as `name: value` CRLF, and bytes read as ISO-8859-1 come back as two UTF-8 bytes,
        // so the header section may grow; everything else comes back at most as long as it was.
        roomy.maxHeaderBytes = 1 << 30
        roomy.maxChunkLineBytes = max(limits.maxChunkLineBytes, 16)
        var parser = HTTPRequestParser(limits: roomy)
        parser.append(serialize(request))
        do {
            guard let again = try parser.nextRequest() else {
                fail("re-parse: incomplete for \(request.method) \(request.target.debugDescription)")
            }
            expectEqual(request, again, "re-parse")
            check(try parser.nextRequest() == nil && parser.isIdle, "re-parse: bytes left over")
        } catch {
            fail("re-parse of \(request.method) \(request.target.debugDescription) threw \(error)")
        }
    }

    /// The request as bytes: request line, fields as parsed, then the body, chunked again if it came chunked.
    static func serialize(_ request: HTTPRequest) -> [UInt8] {
        var text = "\(request.method.rawValue) \(request.target) \(request.version)\r\n"
        for field in request.headers { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        var bytes = Array(text.utf8)
        if request.headers.contains("Transfer-Encoding") {
            if !request.body.isEmpty {
                bytes += Array((String(request.body.count, radix: 16) + "\r\n").utf8) + request.body + [0x0D, 0x0A]
            }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += request.body
        }
        return bytes
    }

    static func check(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String) {
        if (try? condition()) != true { fail(message()) }
    }

    static func fail(_ message: String) -> Never {
        fatalError("FuzzHTTPParser: \(message)")
    }
}
