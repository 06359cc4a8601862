import MiniHTTP
import Testing

/// RFC 9112 §6: message body length from Content-Length.
@Suite("Content-Length bodies")
struct BodyTests {
    @Test("Reads exactly Content-Length bytes of body")
    func fixedBody() {
        let parsed = expectRequest("""
            POST /tokens HTTP/1.1\r\n\
            Host: h\r\n\
            Content-Type: application/x-www-form-urlencoded\r\n\
            Content-Length: 11\r\n\
            \r\n\
            a=1&b=2\r\n\r\n
            """)
        #expect(parsed?.method == "POST")
        #expect(parsed?.bodyText == "a=1&b=2\r\n\r\n")
    }

    @Test("Has an empty body without Content-Length or with zero", arguments: [
        rawRequest("POST", "/"), rawRequest("POST", "/", headers: ["Content-Length: 0"]),
        rawRequest("POST", "/", headers: ["Content-Length: 000"]),
        "GET / HTTP/1.0\r\n\r\n",
    ])
    func emptyBody(_ text: String) {
        #expect(expectRequest(text)?.body == [])
    }

    @Test("Keeps every byte value of a body intact")
    func binaryBody() {
        let body = (0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) }
        let bytes = Array(rawRequest("PUT", "/bin", headers: ["Content-Length: \(body.count)"]).utf8) + body
        #expect(expectRequest(bytes)?.body == body)
    }

    @Test("Accepts Content-Length forms that all mean one number", arguments: [
        ["Content-Length: 5"], ["Content-Length:5"], ["Content-Length:   5 \t"], ["content-length: 5"],
        ["Content-Length: 005"], ["Content-Length: 5", "Content-Length: 5"], ["Content-Length: 5, 5"],
        ["Content-Length: 5,5,5"], ["Content-Length: 5", "Content-Length: 5, 005"],
    ])
    func equivalentLengths(_ lines: [String]) {
        let parsed = expectRequest(rawRequest("POST", "/", headers: lines, body: "hello"))
        #expect(parsed?.bodyText == "hello")
    }

    @Test("Reads a body on any method, GET included")
    func bodyOnGet() {
        #expect(expectRequest(rawRequest("GET", "/", headers: ["Content-Length: 3"], body: "abc"))?.bodyText == "abc")
    }

    @Test("Waits for the rest of a body and then completes")
    func partialBody() {
        var parser = HTTPRequestParser()
        parser.append(rawRequest("POST", "/", headers: ["Content-Length: 10"], body: "01234"))
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle)
        #expect(!parser.isReadingHead)
        parser.append("56789")
        guard case .request(let parsed) = parser.poll() else {
            Issue.record("no request")
            return
        }
        #expect(parsed.bodyText == "0123456789")
        #expect(parser.isIdle)
        #expect(parser.isReadingHead)
    }
}
