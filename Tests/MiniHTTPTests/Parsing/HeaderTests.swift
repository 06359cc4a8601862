import MiniHTTP
import Testing

/// RFC 9112 §5 and RFC 9110 §5: field lines, names, values, Host and Connection.
@Suite("Header fields")
struct HeaderTests {
    @Test("Keeps fields in order with their names as written, duplicates included")
    func orderAndCase() {
        let parsed = expectRequest("""
            GET / HTTP/1.1\r\n\
            host: example.com\r\n\
            X-Custom-Header: one\r\n\
            accept: */*\r\n\
            x-custom-header: two\r\n\
            \r\n
            """)
        #expect(parsed?.fields == [
            ["host", "example.com"], ["X-Custom-Header", "one"], ["accept", "*/*"], ["x-custom-header", "two"],
        ])
    }

    @Test("Trims spaces and tabs around a value and keeps those inside", arguments: [
        ("X: v", "v"), ("X:v", "v"), ("X:   v  ", "v"), ("X:\tv\t", "v"), ("X: \t a \t b \t ", "a \t b"),
        ("X:", ""), ("X:   ", ""), ("X: a:b:c", "a:b:c"), ("X: \"quoted, list\"", "\"quoted, list\""),
    ])
    func valueWhitespace(_ line: String, _ value: String) {
        let parsed = expectRequest(rawRequest(headers: [line]))
        #expect(parsed?.fields.last == ["X", value])
    }

    @Test("Rejects obsolete line folding", arguments: [
        "X: a\r\n b", "X: a\r\n\tb", "X: a\r\n   ", "Transfer-Encoding: gzip\r\n chunked",
    ])
    func obsFold(_ lines: String) {
        expectParseError(rawRequest(headers: [lines]), .badRequest("obsolete line folding"))
    }

    @Test("Rejects whitespace before the first field line")
    func whitespaceBeforeFirstField() {
        expectParseError("GET / HTTP/1.1\r\n Host: h\r\n\r\n", .badRequest("obsolete line folding"))
        expectParseError("GET / HTTP/1.1\r\n\tHost: h\r\n\r\n", .badRequest("obsolete line folding"))
    }

    @Test("Rejects malformed field lines", arguments: [
        ("Host : h", HTTPParseError.badRequest("invalid header field name")),
        ("Host\t: h", .badRequest("invalid header field name")),
        ("X-A : 1", .badRequest("invalid header field name")),
        (": v", .badRequest("invalid header field name")),
        ("No colon here", .badRequest("header field without colon")),
        ("NoColon", .badRequest("header field without colon")),
        ("X Y: v", .badRequest("invalid header field name")),
        ("X\u{0}: v", .badRequest("invalid header field name")),
        ("Ünïcode: v", .badRequest("invalid header field name")),
    ])
    func malformedFields(_ line: String, _ error: HTTPParseError) {
        expectParseError(rawRequest(headers: [line]), error)
    }

    /// RFC 9110 §5.1: a field name is a token. `X<b>Y: v` for every byte value.
    @Test("Sweeps all 256 byte values through a header name", arguments: 0...255)
    func nameByteSweep(_ value: Int) {
        let byte = UInt8(value)
        let bytes = rawRequestBytes(headerLine: [0x58, byte, 0x59] + Array(": v".utf8))
        if tcharBytes.contains(byte) {
            let parsed = expectRequest(bytes)
            #expect(parsed?.fields.last == ["X" + String(UnicodeScalar(byte)) + "Y", "v"])
            return
        }
        switch byte {
        case 0x3A:
            // The colon ends the name early: a valid field `X` whose value is `Y: v`.
            let parsed = expectRequest(bytes)
            #expect(parsed?.fields.last == ["X", "Y: v"])
        case 0x0A:
            // A line feed ends the line `X`, which has no colon.
            expectParseError(bytes, .badRequest("header field without colon"))
        default:
            // Space, tab, CR, other controls, separators, DEL and every byte over 0x7F.
            expectParseError(bytes, .badRequest("invalid header field name"))
        }
    }

    /// RFC 9110 §5.5: field-value bytes are VCHAR, SP, HTAB and obs-text; other controls are invalid.
    @Test("Sweeps all 256 byte values through a header value", arguments: 0...255)
    func valueByteSweep(_ value: Int) {
        let byte = UInt8(value)
        let bytes = rawRequestBytes(headerLine: Array("X: a".utf8) + [byte] + Array("b".utf8))
        switch byte {
        case 0x09, 0x20...0x7E:
            let parsed = expectRequest(bytes)
            #expect(parsed?.fields.last == ["X", "a" + String(UnicodeScalar(byte)) + "b"])
        case 0x80...0xFF:
            // A lone byte over 0x7F is not UTF-8: the value is read as ISO-8859-1, one scalar per byte.
            let parsed = expectRequest(bytes)
            #expect(parsed?.fields.last == ["X", "a" + String(UnicodeScalar(byte)) + "b"])
            #expect(parsed?.fields.last?.last?.unicodeScalars.map(\.value) == [0x61, UInt32(byte), 0x62])
        case 0x0A:
            // A line feed ends the field `X: a`; the next line `b` has no colon.
            expectParseError(bytes, .badRequest("header field without colon"))
        default:
            expectParseError(bytes, .badRequest("invalid character in header field value"))
        }
    }

    @Test("Keeps valid UTF-8 values as UTF-8 and reads anything else as ISO-8859-1")
    func valueEncodings() {
        let utf8 = expectRequest(rawRequestBytes(headerLine: Array("X: café ✓".utf8)))
        #expect(utf8?.fields.last == ["X", "café ✓"])
        // é as UTF-8 followed by a lone 0xFF: the whole value falls back to one scalar per byte.
        let mixed = expectRequest(rawRequestBytes(headerLine: Array("X: ".utf8) + [0xC3, 0xA9, 0xFF]))
        #expect(mixed?.fields.last == ["X", "\u{C3}\u{A9}\u{FF}"])
        let latin1 = expectRequest(rawRequestBytes(headerLine: Array("X: caf".utf8) + [0xE9]))
        #expect(latin1?.fields.last == ["X", "café"])
    }

    @Test("Requires exactly one Host in HTTP/1.1")
    func host() {
        expectParseError("GET / HTTP/1.1\r\n\r\n", .badRequest("missing Host header"))
        expectParseError("GET / HTTP/1.1\r\nX: y\r\n\r\n", .badRequest("missing Host header"))
        expectParseError("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", .badRequest("duplicate Host header"))
        expectParseError("GET / HTTP/1.1\r\nHost: a\r\nhOST: b\r\n\r\n", .badRequest("duplicate Host header"))
        #expect(expectRequest("GET / HTTP/1.1\r\nHOST: a\r\n\r\n")?.fields == [["HOST", "a"]])
        // RFC 9112 §3.2: an empty Host is allowed when the target has no authority.
        #expect(expectRequest("GET / HTTP/1.1\r\nHost:\r\n\r\n")?.fields == [["Host", ""]])
    }

    @Test("Accepts HTTP/1.0 without Host but never with two")
    func hostInHTTP10() {
        let parsed = expectRequest("GET /old HTTP/1.0\r\n\r\n")
        #expect(parsed?.version == .http10)
        #expect(parsed?.fields == [])
        expectParseError("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", .badRequest("duplicate Host header"))
    }

    /// RFC 9112 §9.3: 1.1 persists unless `close`; 1.0 closes unless `keep-alive`.
    @Test("Decides keep-alive from the version and Connection tokens", arguments: [
        ("HTTP/1.1", [String](), true),
        ("HTTP/1.1", ["Connection: close"], false),
        ("HTTP/1.1", ["Connection: Close"], false),
        ("HTTP/1.1", ["Connection: keep-alive"], true),
        ("HTTP/1.1", ["Connection: foo, close"], false),
        ("HTTP/1.1", ["Connection: close , foo"], false),
        ("HTTP/1.1", ["Connection: foo", "Connection: close"], false),
        ("HTTP/1.1", ["Connection: closed"], true),
        ("HTTP/1.1", ["Connection: upgrade"], true),
        ("HTTP/1.0", [], false),
        ("HTTP/1.0", ["Connection: keep-alive"], true),
        ("HTTP/1.0", ["Connection: Keep-Alive"], true),
        ("HTTP/1.0", ["Connection: foo,keep-alive"], true),
        ("HTTP/1.0", ["Connection: keep-alive, close"], false),
        ("HTTP/1.0", ["Connection: keepalive"], false),
    ])
    func keepAlive(_ version: String, _ lines: [String], _ expected: Bool) {
        var text = "GET / \(version)\r\nHost: h\r\n"
        for line in lines { text += line + "\r\n" }
        let parsed = expectRequest(text + "\r\n")
        #expect(parsed?.keepAlive == expected)
    }
}
