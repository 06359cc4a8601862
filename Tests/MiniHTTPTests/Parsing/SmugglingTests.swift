import MiniHTTP
import Testing

/// Framing ambiguities that let a front end and this server disagree on where a request ends (RFC 9112 §6.1, §6.3,
/// §11.2). Every one is refused before any body byte is read.
@Suite("Request smuggling")
struct SmugglingTests {
    @Test("Rejects Content-Length combined with Transfer-Encoding, in either order", arguments: [
        ["Content-Length: 5", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding: chunked", "Content-Length: 5"],
        ["Content-Length: 0", "Transfer-Encoding: chunked"],
        ["Transfer-Encoding: gzip", "Content-Length: 5"],
        ["Transfer-Encoding:", "Content-Length: 5"],
    ])
    func contentLengthWithTransferEncoding(_ lines: [String]) {
        expectParseError(rawRequest("POST", "/", headers: lines, body: "5\r\nhello\r\n0\r\n\r\n"),
                      .badRequest("both Content-Length and Transfer-Encoding"))
    }

    @Test("Rejects Content-Length values that disagree", arguments: [
        ["Content-Length: 5", "Content-Length: 6"],
        ["Content-Length: 6", "Content-Length: 5"],
        ["Content-Length: 5, 6"],
        ["Content-Length: 5, 5", "Content-Length: 6"],
        ["Content-Length: 0", "Content-Length: 5"],
    ])
    func conflictingLengths(_ lines: [String]) {
        expectParseError(rawRequest("POST", "/", headers: lines, body: "hello!"),
                      .badRequest("conflicting Content-Length values"))
    }

    @Test("Rejects Content-Length that is not only digits", arguments: [
        "+5", "-5", "-0", "5 5", "0x5", "0X5", "5a", "a", "", " ", "5,", ",5", "5,,5", "1_0", "5.0", "1e1", "\u{FF15}",
        "\"5\"", "5;q=1",
    ])
    func malformedLengths(_ value: String) {
        expectParseError(rawRequest("POST", "/", headers: ["Content-Length: \(value)"], body: "hello"),
                      .badRequest("invalid Content-Length"))
    }

    @Test("Answers 413 to a Content-Length too long to be a number")
    func hugeLength() {
        expectParseError(rawRequest("POST", "/", headers: ["Content-Length: 99999999999999999999"]), .bodyTooLarge)
        expectParseError(rawRequest("POST", "/", headers: ["Content-Length: 9223372036854775808"]), .bodyTooLarge)
    }

    @Test("Rejects chunked applied twice")
    func chunkedTwice() {
        let body = "5\r\nhello\r\n0\r\n\r\n"
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked, chunked"], body: body),
                      .badRequest("chunked applied more than once"))
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"],
                              body: body),
                      .badRequest("chunked applied more than once"))
    }

    @Test("Answers 501 to transfer codings other than chunked", arguments: [
        ("gzip, chunked", "gzip"), ("identity", "identity"), ("chunked, gzip", "gzip"), ("deflate", "deflate"),
        ("x-custom", "x-custom"), ("Chunked, Identity", "identity"), ("chunked;q=1", "chunked;q=1"),
    ])
    func otherCodings(_ value: String, _ reported: String) {
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: \(value)"], body: "0\r\n\r\n"),
                      .unsupportedTransferEncoding(reported))
        #expect(HTTPParseError.unsupportedTransferEncoding(reported).status.code == 501)
    }

    @Test("Answers 501 to codings split over two Transfer-Encoding fields")
    func codingsOverTwoFields() {
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: gzip", "Transfer-Encoding: chunked"],
                              body: "0\r\n\r\n"),
                      .unsupportedTransferEncoding("gzip"))
    }

    @Test("Rejects an empty Transfer-Encoding with 400", arguments: ["Transfer-Encoding:", "Transfer-Encoding: ,"])
    func emptyCoding(_ line: String) {
        let outcome = parseEveryWay(rawRequest("POST", "/", headers: [line], body: "0\r\n\r\n"))
        #expect(outcome.error?.status.code == 400)
        #expect(outcome.requests.isEmpty)
    }

    @Test("Rejects Transfer-Encoding in an HTTP/1.0 request")
    func transferEncodingInHTTP10() {
        expectParseError("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                      .badRequest("Transfer-Encoding in an HTTP/1.0 request"))
        expectParseError("POST / HTTP/1.0\r\nTransfer-Encoding: gzip\r\n\r\n",
                      .badRequest("Transfer-Encoding in an HTTP/1.0 request"))
    }

    @Test("Rejects framing headers with whitespace before the colon", arguments: [
        "Transfer-Encoding : chunked", "Content-Length : 5", "Transfer-Encoding\t: chunked", "Content-Length\t:5",
    ])
    func whitespaceBeforeColon(_ line: String) {
        expectParseError(rawRequest("POST", "/", headers: [line], body: "5\r\nhello\r\n0\r\n\r\n"),
                      .badRequest("invalid header field name"))
    }

    @Test("Rejects framing headers hidden by control characters", arguments: [
        "Transfer-Encoding: \u{0B}chunked", "Transfer-Encoding: chunked\u{0}", "Content-Length: 5\u{0C}",
    ])
    func controlsInFramingHeaders(_ line: String) {
        expectParseError(rawRequest("POST", "/", headers: [line], body: "5\r\nhello\r\n0\r\n\r\n"),
                      .badRequest("invalid character in header field value"))
    }

    @Test("Rejects bad chunk sizes", arguments: [
        "-1", "0x10", "", " 5", "g", "G", "5x", "5 x", "5 5", "+5", "5\u{0B}", "\u{FF15}", "x5", "5,", "=5",
    ])
    func badChunkSizes(_ size: String) {
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "\(size)\r\nhello\r\n0\r\n\r\n"),
                      .badRequest("invalid chunk size"))
    }

    @Test("Refuses chunk sizes too large for an Int, or for the body limit, with 413", arguments: [
        "FFFFFFFFFFFFFFFFFFFF", "10000000000000000", "8000000000000000", "7FFFFFFFFFFFFFFF", "ffffffff",
    ])
    func overflowingChunkSizes(_ size: String) {
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "\(size)\r\nhello\r\n"),
                      .bodyTooLarge)
    }

    @Test("Rejects chunk data longer than its declared size")
    func chunkDataTooLong() {
        for body in ["5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n", "3\r\nhello\r\n0\r\n\r\n", "0\r\nX"] {
            let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: body)
            if body == "0\r\nX" {
                // After the last chunk, `X` starts a trailer line that never ends: nothing to reject yet.
                let outcome = parseEveryWay(text)
                #expect(outcome.error == nil && outcome.requests.isEmpty && !outcome.isIdle)
            } else {
                expectParseError(text, .badRequest("chunk data longer than its size"))
            }
        }
    }

    @Test("Rejects chunk data not followed by CRLF")
    func missingCRLFAfterChunk() {
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "5\r\nhello\rX0\r\n\r\n"),
                      .badRequest("chunk data not followed by CRLF"))
        expectParseError(rawRequest("POST", "/", headers: ["Transfer-Encoding: chunked"], body: "5\r\nhello\r\r\n0\r\n\r\n"),
                      .badRequest("chunk data not followed by CRLF"))
    }

    @Test("Reads bytes past a Content-Length body as the next request, not as body")
    func bytesPastContentLength() {
        let outcome = parseEveryWay(rawRequest("POST", "/a", headers: ["Content-Length: 5"], body: "hello")
                                        + rawRequest("GET", "/b"))
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/a", "/b"])
        #expect(outcome.requests.map(\.bodyText) == ["hello", ""])
    }

    @Test("Reads bytes past the last chunk as the next request")
    func bytesPastLastChunk() {
        let outcome = parseEveryWay(rawRequest("POST", "/a", headers: ["Transfer-Encoding: chunked"],
                                            body: "5\r\nhello\r\n0\r\n\r\n") + rawRequest("GET", "/b"))
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.target) == ["/a", "/b"])
        #expect(outcome.requests.map(\.bodyText) == ["hello", ""])
    }
}
