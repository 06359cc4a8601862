import MiniHTTP
import Testing

/// Every limit in `HTTPLimits` that the parser enforces, one byte under, at, and over. Small custom limits keep the
/// every-split runs fast; the built-in values are checked once each with whole buffers.
@Suite("Parser limits")
struct LimitTests {
    // MARK: - Request line

    /// A request line of exactly `length` bytes (CRLF excluded) whose target runs long.
    static func longTarget(length: Int) -> String {
        let fixed = "GET /".utf8.count + " HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    @Test("Accepts a request line up to the limit and answers 414 past it when the target runs long", arguments: [
        (40, 39, true), (40, 40, true), (40, 41, false), (40, 42, false), (40, 80, false),
    ])
    func requestLineSmall(_ limit: Int, _ length: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxRequestLineBytes = limit }
        let text = LimitTests.longTarget(length: length) + "\r\nHost: h\r\n\r\n"
        if accepted {
            #expect(expectRequest(text, limits: limits)?.target.utf8.count == length - 13)
        } else {
            expectParseError(text, .uriTooLong, limits: limits)
        }
    }

    @Test("Answers 400 to an over-long request line with no method and space before it", arguments: [
        String(repeating: "A", count: 41),
        String(repeating: "A", count: 60) + " / HTTP/1.1",
        "/" + String(repeating: "a", count: 50) + " HTTP/1.1",
        "GE(T /" + String(repeating: "a", count: 50) + " HTTP/1.1",
        " GET /" + String(repeating: "a", count: 50) + " HTTP/1.1",
    ])
    func requestLineNoPrefix(_ line: String) {
        let limits = HTTPLimits.modified { $0.maxRequestLineBytes = 40 }
        expectParseError(line + "\r\nHost: h\r\n\r\n", .badRequest("request line too long"), limits: limits)
    }

    @Test("Refuses an over-long request line before its line end arrives")
    func requestLineWithoutEnd() {
        let limits = HTTPLimits.modified { $0.maxRequestLineBytes = 40 }
        // 41 bytes may still be 40 plus the CR of a CRLF; 42 cannot.
        #expect(parseAll("GET /" + String(repeating: "a", count: 36), limits: limits).error == nil)
        #expect(parseAll("GET /" + String(repeating: "a", count: 37), limits: limits).error == .uriTooLong)
        #expect(parseAll(String(repeating: "x", count: 42), limits: limits).error == .badRequest("request line too long"))
    }

    @Test("Accepts a 64 KiB request line and answers 414 or 400 one byte past it", arguments: [
        (65536, true), (65537, false),
    ])
    func requestLineDefault(_ length: Int, _ accepted: Bool) {
        #expect(HTTPLimits.default.maxRequestLineBytes == 64 * 1024)
        let text = LimitTests.longTarget(length: length) + "\r\nHost: h\r\n\r\n"
        let outcome = parseAll(text)
        let split = parseAll(text, splitAt: [length / 2, length, length + 1])
        #expect(outcome == split)
        if accepted {
            #expect(outcome.error == nil)
            #expect(outcome.requests.first?.target.utf8.count == length - 13)
        } else {
            #expect(outcome.error == .uriTooLong)
            #expect(outcome.error?.status.code == 414)
            let noMethod = parseAll(String(repeating: "x", count: length) + "\r\nHost: h\r\n\r\n")
            #expect(noMethod.error == .badRequest("request line too long"))
        }
    }

    // MARK: - Header section bytes

    /// A request head whose field lines (each with its CRLF) add up to exactly `bytes`.
    static func headerSection(bytes: Int, lineEnd: String = "\r\n") -> String {
        let host = "Host: h" + lineEnd
        let fixed = host.utf8.count + "X: ".utf8.count + lineEnd.utf8.count
        return "GET / HTTP/1.1\r\n" + host + "X: " + String(repeating: "v", count: bytes - fixed) + lineEnd + lineEnd
    }

    @Test("Accepts a header section up to the limit and answers 431 past it", arguments: [
        (63, true), (64, true), (65, false), (66, false), (67, false), (100, false),
    ])
    func headerBytesSmall(_ bytes: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxHeaderBytes = 64 }
        for lineEnd in ["\r\n", "\n"] {
            let text = LimitTests.headerSection(bytes: bytes, lineEnd: lineEnd)
            if accepted {
                expectRequest(text, limits: limits)
            } else {
                expectParseError(text, .headersTooLarge("header section"), limits: limits)
            }
        }
    }

    @Test("Counts every field line toward the header section limit")
    func headerBytesManyLines() {
        let limits = HTTPLimits.modified { $0.maxHeaderBytes = 64 }
        // "Host: example.com\r\n" is 19 bytes, each "X-NN: v\r\n" 9: 19 + 4 * 9 = 55.
        let lines = (10..<14).map { "X-\($0): v" }
        expectRequest(rawRequest(headers: lines + ["Y: 1234"]), limits: limits)  // + 9 = 64
        expectParseError(rawRequest(headers: lines + ["Y: 12345"]), .headersTooLarge("header section"), limits: limits)
    }

    @Test("Refuses an endless header line before its line end arrives")
    func headerLineWithoutEnd() {
        let limits = HTTPLimits.modified { $0.maxHeaderBytes = 64 }
        let outcome = parseAll("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 200), limits: limits)
        #expect(outcome.error == .headersTooLarge("header section"))
    }

    @Test("Accepts a 16 KiB header section and answers 431 one byte past it", arguments: [
        (16 * 1024, true), (16 * 1024 + 1, false),
    ])
    func headerBytesDefault(_ bytes: Int, _ accepted: Bool) {
        #expect(HTTPLimits.default.maxHeaderBytes == 16 * 1024)
        let text = LimitTests.headerSection(bytes: bytes)
        let outcome = parseAll(text)
        #expect(outcome == parseAll(text, splitAt: [100, bytes, bytes + 10]))
        if accepted {
            #expect(outcome.error == nil && outcome.requests.count == 1)
        } else {
            #expect(outcome.error == .headersTooLarge("header section"))
            #expect(outcome.error?.status.code == 431)
        }
    }

    // MARK: - Header count

    @Test("Accepts 100 header fields and answers 431 to 101", arguments: [(99, true), (100, true), (101, false)])
    func headerCount(_ count: Int, _ accepted: Bool) {
        #expect(HTTPLimits.default.maxHeaderCount == 100)
        // Host plus count - 1 others.
        let text = rawRequest(headers: (1..<count).map { "X-\($0): \($0)" })
        if accepted {
            #expect(expectRequest(text)?.fields.count == count)
        } else {
            expectParseError(text, .headersTooLarge("too many header fields"))
        }
    }

    @Test("Applies a custom header count limit", arguments: [(3, true), (4, false)])
    func headerCountCustom(_ count: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxHeaderCount = 3 }
        let text = rawRequest(headers: (1..<count).map { "X-\($0): \($0)" })
        if accepted {
            expectRequest(text, limits: limits)
        } else {
            expectParseError(text, .headersTooLarge("too many header fields"), limits: limits)
        }
    }

    // MARK: - Body

    @Test("Accepts a Content-Length body up to the limit and answers 413 past it", arguments: [
        (999, true), (1000, true), (1001, false), (1_000_000, false),
    ])
    func contentLengthLimit(_ length: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxBodyBytes = 1000 }
        let head = rawRequest("POST", "/", headers: ["Content-Length: \(length)"])
        if accepted {
            let body = String(repeating: "b", count: length)
            #expect(expectRequest(head + body, limits: limits)?.body.count == length)
        } else {
            // Refused as soon as the head is complete: no body byte has been sent.
            expectParseError(head, .bodyTooLarge, limits: limits)
            #expect(HTTPParseError.bodyTooLarge.status.code == 413)
        }
    }

    @Test("Refuses a declared body over the built-in 8 MiB before reading it")
    func contentLengthDefault() {
        #expect(HTTPLimits.default.maxBodyBytes == 8 * 1024 * 1024)
        var parser = HTTPRequestParser()
        parser.append(rawRequest("POST", "/", headers: ["Content-Length: \(8 * 1024 * 1024 + 1)"]))
        expectPoll(&parser, .failed(.bodyTooLarge))
        var accepted = HTTPRequestParser()
        accepted.append(rawRequest("POST", "/", headers: ["Content-Length: \(8 * 1024 * 1024)"]))
        expectPoll(&accepted, .needsMore)
        #expect(!accepted.isReadingHead)
    }

    @Test("Accepts a chunked body up to the limit and answers 413 past it", arguments: [
        ([500, 500], true), ([1000], true), ([1, 999], true), ([500, 501], false), ([1001], false),
        ([999, 1, 1], false), ([400, 400, 400], false),
    ])
    func chunkedLimit(_ sizes: [Int], _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxBodyBytes = 1000 }
        let body = sizes.map { String($0, radix: 16) + "\r\n" + String(repeating: "c", count: $0) + "\r\n" }.joined()
        let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: body + "0\r\n\r\n")
        if accepted {
            #expect(expectRequest(text, limits: limits)?.body.count == sizes.reduce(0, +))
        } else {
            expectParseError(text, .bodyTooLarge, limits: limits)
        }
    }

    @Test("Refuses the chunk that would pass the limit as soon as its size line arrives")
    func chunkedLimitBeforeData() {
        let limits = HTTPLimits.modified { $0.maxBodyBytes = 1000 }
        var parser = HTTPRequestParser(limits: limits)
        parser.append(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "3e8\r\n"))
        expectPoll(&parser, .needsMore)
        var over = HTTPRequestParser(limits: limits)
        over.append(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "3e9\r\n"))
        expectPoll(&over, .failed(.bodyTooLarge))
    }

    // MARK: - Chunk line

    @Test("Accepts a chunk size line up to the limit and answers 400 past it", arguments: [
        (15, true), (16, true), (17, false), (40, false),
    ])
    func chunkLineLimit(_ length: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxChunkLineBytes = 16 }
        let line = "5;x=" + String(repeating: "e", count: length - 4)
        let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: line + "\r\nhello\r\n0\r\n\r\n")
        if accepted {
            #expect(expectRequest(text, limits: limits)?.bodyText == "hello")
        } else {
            expectParseError(text, .badRequest("chunk size line too long"), limits: limits)
        }
    }

    @Test("Applies the built-in chunk line limit of 4 KiB")
    func chunkLineDefault() {
        #expect(HTTPLimits.default.maxChunkLineBytes == 4 * 1024)
        for (length, accepted) in [(4096, true), (4097, false)] {
            let line = "5;x=" + String(repeating: "e", count: length - 4)
            let outcome = parseAll(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"],
                                           body: line + "\r\nhello\r\n0\r\n\r\n"))
            #expect(outcome.error == (accepted ? nil : .badRequest("chunk size line too long")))
        }
        let endless = parseAll(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"],
                                       body: "5;" + String(repeating: "e", count: 5000)))
        #expect(endless.error == .badRequest("chunk size line too long"))
    }

    // MARK: - Trailers

    @Test("Limits the number of trailer fields like header fields", arguments: [(3, true), (4, false)])
    func trailerCount(_ count: Int, _ accepted: Bool) {
        let limits = HTTPLimits.modified { $0.maxHeaderCount = 3 }
        let trailers = (0..<count).map { "T-\($0): v\r\n" }.joined()
        let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "0\r\n" + trailers + "\r\n")
        if accepted {
            expectRequest(text, limits: limits)
        } else {
            expectParseError(text, .headersTooLarge("too many trailer fields"), limits: limits)
        }
    }

    @Test("Counts trailer bytes against the header section limit")
    func trailerBytes() {
        let limits = HTTPLimits.modified { $0.maxHeaderBytes = 64 }
        let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"],
                           body: "0\r\nT: " + String(repeating: "t", count: 100) + "\r\n\r\n")
        expectParseError(text, .headersTooLarge("trailer section"), limits: limits)
    }
}
