import MiniHTTP
import Testing

/// RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
@Suite("Request line")
struct RequestLineTests {
    @Test("Parses a simple GET with every field of the request")
    func simpleGet() {
        let parsed = expectRequest("""
            GET /flocks/7?verbose=1&x=%20 HTTP/1.1\r\n\
            Host: example.com\r\n\
            User-Agent: test\r\n\
            \r\n
            """)
        #expect(parsed?.method == "GET")
        #expect(parsed?.target == "/flocks/7?verbose=1&x=%20")
        #expect(parsed?.path == "/flocks/7")
        #expect(parsed?.query == "verbose=1&x=%20")
        #expect(parsed?.version == .http11)
        #expect(parsed?.fields == [["Host", "example.com"], ["User-Agent", "test"]])
        #expect(parsed?.body == [])
    }

    @Test("Accepts any token as the method and keeps its case", arguments: [
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "get", "Post", "M-SEARCH", "PROPFIND",
        "X!#$%&'*+-.^_`|~09",
    ])
    func methods(_ method: String) {
        let parsed = expectRequest(rawRequest(method, "/m"))
        #expect(parsed?.method == method)
        #expect(parsed?.target == "/m")
    }

    @Test("Rejects a method that is not a token", arguments: [
        "G(T", "GE\"T", "G/T", "GET@", "G,T", "G;T", "G[T]", "G{T}", "G=T", "G?T", "GÉT", "G\u{7F}T", "G\u{0}T",
    ])
    func badMethods(_ method: String) {
        expectParseError(rawRequest(method, "/"), .badRequest("malformed method"))
    }

    @Test("Rejects a malformed request line", arguments: [
        (" GET / HTTP/1.1", HTTPParseError.badRequest("malformed method")),
        ("GET  / HTTP/1.1", .badRequest("malformed request-target")),
        ("GET /  HTTP/1.1", .badRequest("malformed HTTP version")),
        ("GET / HTTP/1.1 ", .badRequest("malformed HTTP version")),
        ("GET\t/ HTTP/1.1", .badRequest("malformed method")),
        ("GET /\tHTTP/1.1", .badRequest("malformed request line")),
        ("GET / HTTP/1.1\t", .badRequest("malformed HTTP version")),
        ("GET /", .badRequest("malformed request line")),
        ("GET / ", .badRequest("malformed HTTP version")),
        ("GET", .badRequest("malformed request line")),
        ("/ HTTP/1.1", .badRequest("malformed method")),
        ("GET HTTP/1.1", .badRequest("malformed request line")),
        ("GET / HTTP/1.1 extra", .badRequest("malformed HTTP version")),
    ])
    func malformedLines(_ line: String, _ error: HTTPParseError) {
        expectParseError("\(line)\r\nHost: h\r\n\r\n", error)
    }

    @Test("Accepts HTTP/1.0 and HTTP/1.1", arguments: [("HTTP/1.0", HTTPVersion.http10), ("HTTP/1.1", .http11)])
    func versions(_ text: String, _ version: HTTPVersion) {
        let parsed = expectRequest("GET / \(text)\r\nHost: h\r\n\r\n")
        #expect(parsed?.version == version)
    }

    @Test("Answers 505 to well-formed versions other than 1.0 and 1.1", arguments: [
        "HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/9.9", "HTTP/1.9",
    ])
    func unsupportedVersions(_ version: String) {
        expectParseError("GET / \(version)\r\nHost: h\r\n\r\n", .versionNotSupported(version))
        #expect(HTTPParseError.versionNotSupported(version).status.code == 505)
    }

    @Test("Rejects a malformed version with 400", arguments: [
        "http/1.1", "Http/1.1", "HTTP/1.10", "HTTP/1", "HTTP/11", "HTTP/1.x", "HTTPS/1.1", "HTTP 1.1", "HTTP/1,1",
        "HTTP/a.1", "HTTP/1.1\u{0}",
    ])
    func malformedVersions(_ version: String) {
        expectParseError("GET / \(version)\r\nHost: h\r\n\r\n", .badRequest("malformed HTTP version"))
    }

    @Test("Reduces an absolute-form target to origin form", arguments: [
        ("http://example.com/a/b?c=d", "/a/b?c=d", "/a/b", "c=d"),
        ("https://example.com/a", "/a", "/a", ""),
        ("http://example.com", "/", "/", ""),
        ("HTTP://Example.COM:8080/x", "/x", "/x", ""),
        ("http://example.com?x=1", "/?x=1", "/", "x=1"),
        ("http://user@example.com:80/p?q", "/p?q", "/p", "q"),
    ])
    func absoluteForm(_ target: String, _ origin: String, _ path: String, _ query: String) {
        let parsed = expectRequest(rawRequest("GET", target))
        #expect(parsed?.target == origin)
        #expect(parsed?.path == path)
        #expect(parsed?.query == query)
    }

    @Test("Rejects targets in neither origin nor absolute http form", arguments: [
        "example.com:443", "ftp://example.com/", "a/b", "?x=1", "http:/x", "%2F",
    ])
    func otherTargetForms(_ target: String) {
        expectParseError(rawRequest("GET", target), .badRequest("malformed request-target"))
    }

    @Test("Accepts the asterisk target only with OPTIONS")
    func asterisk() {
        #expect(expectRequest(rawRequest("OPTIONS", "*"))?.target == "*")
        for method in ["GET", "POST", "options", "HEAD"] {
            expectParseError(rawRequest(method, "*"), .badRequest("malformed request-target"))
        }
    }

    @Test("Splits the query at the first question mark and keeps the target as sent")
    func query() {
        let parsed = expectRequest(rawRequest("GET", "/a?b=c?d&e=%ZZ+f"))
        #expect(parsed?.path == "/a")
        #expect(parsed?.query == "b=c?d&e=%ZZ+f")
        #expect(expectRequest(rawRequest("GET", "/a?"))?.query == "")
    }

    /// Every byte value inside the target: visible ASCII passes through untouched, anything else is a 400.
    @Test("Sweeps all 256 byte values through the request-target", arguments: 0...255)
    func targetByteSweep(_ value: Int) {
        let byte = UInt8(value)
        let bytes = Array("GET /a".utf8) + [byte] + Array("b HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        switch byte {
        case 0x21...0x7E:
            let parsed = expectRequest(bytes)
            #expect(parsed?.target == "/a" + String(UnicodeScalar(byte)) + "b")
        case 0x20:
            // The space ends the target early; what follows is not a version.
            expectParseError(bytes, .badRequest("malformed HTTP version"))
        case 0x0A:
            // A line feed ends the request line after "GET /a".
            expectParseError(bytes, .badRequest("malformed request line"))
        default:
            expectParseError(bytes, .badRequest("malformed request-target"))
        }
    }

    @Test("Ignores empty lines before the request line")
    func leadingEmptyLines() {
        for prefix in ["\r\n", "\r\n\r\n\r\n", "\n", "\n\r\n\n"] {
            let parsed = expectRequest(prefix + rawRequest("GET", "/after-blank"))
            #expect(parsed?.target == "/after-blank")
        }
    }

    @Test("Accepts bare LF line endings, alone or mixed with CRLF")
    func bareLineFeeds() {
        let bare = expectRequest("GET /lf HTTP/1.1\nHost: h\nX-A: 1\n\n")
        #expect(bare?.target == "/lf")
        #expect(bare?.fields == [["Host", "h"], ["X-A", "1"]])
        let mixed = expectRequest("GET /mixed HTTP/1.1\r\nHost: h\nX-A: 1\r\n\n")
        #expect(mixed?.fields == [["Host", "h"], ["X-A", "1"]])
    }

    @Test("Rejects a bare CR anywhere in the head", arguments: [
        ("\rGET / HTTP/1.1\r\nHost: h\r\n\r\n", HTTPParseError.badRequest("bare CR before request line")),
        ("\r\n\rGET / HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest("bare CR before request line")),
        ("\r\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest("bare CR before request line")),
        ("GET / HTTP/1.1\rHost: h\r\n\r\n", .badRequest("malformed HTTP version")),
        ("GET /\r HTTP/1.1\r\nHost: h\r\n\r\n", .badRequest("malformed request-target")),
        ("GET / HTTP/1.1\r\r\nHost: h\r\n\r\n", .badRequest("malformed HTTP version")),
        ("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", .badRequest("invalid character in header field value")),
        ("GET / HTTP/1.1\r\nHost: h\r\r\n\r\n", .badRequest("invalid character in header field value")),
        ("GET / HTTP/1.1\r\nHost: h\r\n\r\r\n", .badRequest("header field without colon")),
    ])
    func bareCarriageReturns(_ text: String, _ error: HTTPParseError) {
        expectParseError(text, error)
    }

    @Test("Waits for the byte after a leading CR before deciding")
    func leadingCarriageReturnWaits() {
        var parser = HTTPRequestParser()
        parser.append("\r")
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle)
        parser.append("G")
        expectPoll(&parser, .failed(.badRequest("bare CR before request line")))
    }
}
