import MiniHTTP
import Testing

/// Several requests on one connection (RFC 9112 §9.3.2), the parser's state between them, and `100 Continue`.
@Suite("Pipelining and parser state")
struct PipeliningTests {
    static let three = rawRequest("GET", "/one")
        + rawRequest("POST", "/two", headers: ["Content-Length: 5"], body: "hello")
        + rawRequest("PUT", "/three?x=1", headers: ["Transfer-Encoding: chunked"], body: "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")

    @Test("Returns pipelined requests in order with their bodies intact")
    func threeInOneBuffer() {
        let outcome = parseEveryWay(PipeliningTests.three)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.method) == ["GET", "POST", "PUT"])
        #expect(outcome.requests.map(\.target) == ["/one", "/two", "/three?x=1"])
        #expect(outcome.requests.map(\.bodyText) == ["", "hello", "abcde"])
        #expect(outcome.isIdle)
    }

    @Test("Keeps the bytes of a partial fourth request for later", arguments: [
        "G", "GET /four HT", "GET /four HTTP/1.1\r\n", "GET /four HTTP/1.1\r\nHost: h\r\n",
        "POST /four HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab",
    ])
    func partialFourth(_ partial: String) {
        let outcome = parseEveryWay(PipeliningTests.three + partial)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/one", "/two", "/three?x=1"])
        #expect(!outcome.isIdle)

        // The rest of the fourth request completes it.
        var parser = HTTPRequestParser()
        parser.append(PipeliningTests.three + partial)
        var targets: [String] = []
        while case .request(let parsed) = parser.poll() { targets.append(parsed.target) }
        #expect(targets.count == 3)
        #expect(!parser.isIdle)
        let full = "GET /four HTTP/1.1\r\nHost: h\r\n\r\n"
        let rest = partial.hasPrefix("POST") ? "cd" : String(full.utf8.dropFirst(partial.utf8.count))!
        parser.append(rest)
        guard case .request(let fourth) = parser.poll() else {
            Issue.record("fourth request did not complete")
            return
        }
        #expect(fourth.target == "/four")
        #expect(fourth.bodyText == (partial.hasPrefix("POST") ? "abcd" : ""))
        #expect(parser.isIdle)
    }

    @Test("Skips empty lines between pipelined requests")
    func blankLinesBetween() {
        let outcome = parseEveryWay(rawRequest("POST", "/a", headers: ["Content-Length: 2"], body: "hi") + "\r\n"
                                        + rawRequest("GET", "/b") + "\r\n\r\n" + rawRequest("GET", "/c"))
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/a", "/b", "/c"])
        #expect(outcome.requests.first?.bodyText == "hi")
        #expect(outcome.isIdle)
    }

    @Test("Stops at an error after the requests before it")
    func errorAfterGoodRequests() {
        let outcome = parseEveryWay(rawRequest("GET", "/ok") + "BAD REQUEST LINE\r\n\r\n")
        #expect(outcome.requests.map(\.target) == ["/ok"])
        #expect(outcome.error == .badRequest("malformed HTTP version"))
    }

    @Test("Refuses everything after a parse error")
    func deadAfterError() {
        var parser = HTTPRequestParser()
        parser.append("GET / HTTP/9.9\r\nHost: h\r\n\r\n")
        #expect(throws: HTTPParseError.versionNotSupported("HTTP/9.9")) { try parser.nextRequest() }
        parser.append(rawRequest("GET", "/fine"))
        #expect(throws: HTTPParseError.badRequest("connection already failed")) { try parser.nextRequest() }
        #expect(throws: HTTPParseError.badRequest("connection already failed")) { try parser.nextRequest() }
    }

    @Test("Reports idle and head-reading states through a request's life")
    func stateTransitions() {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle && parser.isReadingHead)
        expectPoll(&parser, .needsMore)
        #expect(parser.isIdle && parser.isReadingHead)

        parser.append("\r\n")
        expectPoll(&parser, .needsMore)
        #expect(parser.isIdle, "a blank line before a request is not the start of one")

        parser.append("POST /x HTTP/1.1\r\n")
        #expect(!parser.isIdle && parser.isReadingHead)
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle && parser.isReadingHead)

        parser.append("Host: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle && !parser.isReadingHead)

        parser.append("4\r\nab")
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle && !parser.isReadingHead)

        parser.append("cd\r\n0\r\nTrailer: t\r\n")
        expectPoll(&parser, .needsMore)
        #expect(!parser.isIdle && !parser.isReadingHead)

        parser.append("\r\nGET")
        guard case .request(let parsed) = parser.poll() else {
            Issue.record("no request")
            return
        }
        #expect(parsed.bodyText == "abcd")
        #expect(!parser.isIdle && parser.isReadingHead)
        parser.append(" / HTTP/1.0\r\n\r\n")
        guard case .request = parser.poll() else {
            Issue.record("no second request")
            return
        }
        #expect(parser.isIdle && parser.isReadingHead)
        expectPoll(&parser, .needsMore)
    }

    // MARK: - Expect: 100-continue

    @Test("Asks for 100 Continue once when the body is still to come", arguments: [
        ["Content-Length: 5"], ["Transfer-Encoding: chunked"], ["Content-Length: 5", "Expect: 100-Continue"],
    ])
    func continueOnce(_ framing: [String]) {
        let headers = framing.contains { $0.hasPrefix("Expect") } ? framing : framing + ["Expect: 100-continue"]
        var parser = HTTPRequestParser()
        expectContinueWanted(&parser, false)
        parser.append(rawRequest("POST", "/", headers: headers))
        expectPoll(&parser, .needsMore)
        expectContinueWanted(&parser, true)
        expectContinueWanted(&parser, false)
        parser.append(framing.contains("Content-Length: 5") ? "hel" : "5\r\nhel")
        expectPoll(&parser, .needsMore)
        expectContinueWanted(&parser, false)
        parser.append(framing.contains("Content-Length: 5") ? "lo" : "lo\r\n0\r\n\r\n")
        guard case .request(let parsed) = parser.poll() else {
            Issue.record("no request")
            return
        }
        #expect(parsed.bodyText == "hello")
        expectContinueWanted(&parser, false)
    }

    @Test("Does not ask for 100 Continue when no body is to come or the body is already here", arguments: [
        rawRequest("POST", "/", headers: ["Expect: 100-continue", "Content-Length: 0"]),
        rawRequest("GET", "/", headers: ["Expect: 100-continue"]),
        rawRequest("POST", "/", headers: ["Expect: 100-continue", "Content-Length: 5"], body: "hello"),
        rawRequest("POST", "/", headers: ["Expect: 100-continue", "Transfer-Encoding: chunked"], body: "0\r\n\r\n"),
    ])
    func noContinueWithoutPendingBody(_ text: String) {
        var parser = HTTPRequestParser()
        parser.append(text)
        guard case .request = parser.poll() else {
            Issue.record("no request")
            return
        }
        expectContinueWanted(&parser, false)
    }

    @Test("Ignores Expect in HTTP/1.0 and expectations other than 100-continue", arguments: [
        "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: something-else\r\nContent-Length: 5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n",
    ])
    func noContinueOtherwise(_ text: String) {
        var parser = HTTPRequestParser()
        parser.append(text)
        expectPoll(&parser, .needsMore)
        expectContinueWanted(&parser, false)
    }

    @Test("Asks again for the next request on the same connection")
    func continuePerRequest() {
        var parser = HTTPRequestParser()
        let head = rawRequest("POST", "/", headers: ["Expect: 100-continue", "Content-Length: 2"])
        parser.append(head)
        expectPoll(&parser, .needsMore)
        expectContinueWanted(&parser, true)
        parser.append("ok" + head)
        guard case .request = parser.poll() else {
            Issue.record("no first request")
            return
        }
        expectPoll(&parser, .needsMore)
        expectContinueWanted(&parser, true)
        expectContinueWanted(&parser, false)
    }
}
