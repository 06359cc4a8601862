import MiniHTTP
import Testing

/// RFC 9112 §7.1: chunked transfer coding.
@Suite("Chunked bodies")
struct ChunkedTests {
    /// A chunked POST with the given raw body bytes after the head.
    static func chunked(_ body: String, extraHeaders: [String] = []) -> String {
        rawRequest("POST", "/upload", headers: ["Transfer-Encoding: chunked"] + extraHeaders, body: body)
    }

    @Test("Decodes a chunked body")
    func simple() {
        let parsed = expectRequest("""
            POST /upload HTTP/1.1\r\n\
            Host: h\r\n\
            Transfer-Encoding: chunked\r\n\
            \r\n\
            5\r\n\
            hello\r\n\
            7\r\n\
            , world\r\n\
            0\r\n\
            \r\n
            """)
        #expect(parsed?.bodyText == "hello, world")
        #expect(parsed?.fields.last == ["Transfer-Encoding", "chunked"])
    }

    @Test("Decodes chunked bodies in their accepted spellings", arguments: [
        ("0\r\n\r\n", ""),
        ("5;name=value\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5;a\r\nhello\r\n0;b=\"quoted; value\"\r\n\r\n", "hello"),
        ("5;a=1;b=2\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5 ;a=1\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5\t;a=1\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5 \t ;a\r\nhello\r\n0\r\n\r\n", "hello"),
        ("a\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        ("1f\r\n0123456789012345678901234567890\r\n0\r\n\r\n", "0123456789012345678901234567890"),
        ("1F\r\n0123456789012345678901234567890\r\n0\r\n\r\n", "0123456789012345678901234567890"),
        ("0005\r\nhello\r\n000\r\n\r\n", "hello"),
        ("4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n"),
        ("5\nhello\n0\n\n", "hello"),
        ("5\r\nhello\n0\r\n\n", "hello"),
    ])
    func spellings(_ body: String, _ decoded: String) {
        #expect(expectRequest(ChunkedTests.chunked(body))?.bodyText == decoded)
    }

    @Test("Accepts any case of the chunked coding name", arguments: ["chunked", "Chunked", "CHUNKED", " chunked "])
    func codingCase(_ coding: String) {
        let text = rawRequest("POST", "/", headers: ["Transfer-Encoding: \(coding)"], body: "3\r\nabc\r\n0\r\n\r\n")
        #expect(expectRequest(text)?.bodyText == "abc")
    }

    @Test("Accepts and discards trailer fields")
    func trailers() {
        let parsed = expectRequest(ChunkedTests.chunked(
            "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nContent-Length: 999\r\nHost: evil\r\n\r\n"))
        #expect(parsed?.bodyText == "hello")
        #expect(parsed?.fields == [["Host", "example.com"], ["Transfer-Encoding", "chunked"]])
    }

    @Test("Rejects malformed trailer fields like header fields", arguments: [
        ("0\r\nNo colon\r\n\r\n", HTTPParseError.badRequest("header field without colon")),
        ("0\r\nX : v\r\n\r\n", .badRequest("invalid header field name")),
        ("0\r\nX: a\r\n folded\r\n\r\n", .badRequest("obsolete line folding")),
        ("0\r\nX: a\u{1}b\r\n\r\n", .badRequest("invalid character in header field value")),
    ])
    func badTrailers(_ body: String, _ error: HTTPParseError) {
        expectParseError(ChunkedTests.chunked(body), error)
    }

    @Test("Decodes many small chunks")
    func manySmallChunks() {
        let payload = (0..<150).map { String(UnicodeScalar(UInt8(0x41 + $0 % 26))) }
        let body = payload.map { "1\r\n\($0)\r\n" }.joined() + "0\r\n\r\n"
        #expect(expectRequest(ChunkedTests.chunked(body))?.bodyText == payload.joined())
    }

    @Test("Keeps every byte value of chunk data intact")
    func binaryChunks() {
        let data = (0...255).map { UInt8($0) }
        let bytes = Array(ChunkedTests.chunked("100\r\n").utf8) + data + Array("\r\n80\r\n".utf8) + data[0..<128]
            + Array("\r\n0\r\n\r\n".utf8)
        #expect(expectRequest(bytes)?.body == data + data[0..<128])
    }

    @Test("Rejects control characters in chunk extensions", arguments: [0x00, 0x01, 0x0B, 0x1F, 0x7F])
    func extensionControls(_ value: Int) {
        let bytes = Array(ChunkedTests.chunked("5;a=").utf8) + [UInt8(value)] + Array("\r\nhello\r\n0\r\n\r\n".utf8)
        expectParseError(bytes, .badRequest("invalid chunk extension"))
    }
}
