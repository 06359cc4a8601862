import MiniHTTP
import Testing

/// The line end a client used to build its body.
enum MultipartLineEnd: String, CaseIterable, Sendable {
    case crlf, lf

    /// Converts a multi-line literal written with LF into this line end.
    func bytes(_ text: String) -> [UInt8] {
        switch self {
        case .lf: Array(text.utf8)
        case .crlf: Array(text.utf8).flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        }
    }
}

/// Decodes a body framed by `boundary`.
func decodeMultipart(_ body: [UInt8], boundary: String = "XyZ", limits: HTTPLimits = .default) throws(ParameterError)
    -> HTTPParameters
{
    try MultipartForm.decode(body[...], boundary: Array(boundary.utf8), limits: limits)
}

/// Every byte value once, then sequences that look like parts of a delimiter but are not one.
let multipartTrickyBytes: [UInt8] =
    Array(UInt8.min...UInt8.max) + Array("\r\n".utf8) + Array("\r\n--".utf8) + Array("\r\n--Xy".utf8)
    + Array("\n--X".utf8) + Array("a--XyZ--".utf8) + Array("\r\n--XyZa".utf8) + Array("\n--XyZ-x\r\n".utf8)
    + Array("\r\n--xyz\r\n".utf8) + Array("\r\r\n\n\r".utf8) + Array("\r\n".utf8)

@Suite("multipart/form-data bodies")
struct MultipartFormTests {
    @Test(
        "Decodes several text fields and a file, with CRLF or bare LF line ends", arguments: MultipartLineEnd.allCases)
    func severalParts(lineEnd: MultipartLineEnd) throws {
        let body = lineEnd.bytes(
            """
            --XyZ
            Content-Disposition: form-data; name="memo"

            hello world
            --XyZ
            Content-Disposition: form-data; name="kind"

            web-image
            --XyZ
            Content-Disposition: form-data; name="web_image"; filename="logo.png"
            Content-Type: image/png

            PNGDATA
            --XyZ
            Content-Disposition: form-data; name="multi"

            line one
            line two

            --XyZ--

            """)
        let params = try decodeMultipart(body)
        let newline = lineEnd == .crlf ? "\r\n" : "\n"
        #expect(
            params.fields == [
                .init(name: "memo", value: "hello world"), .init(name: "kind", value: "web-image"),
                .init(name: "multi", value: "line one\(newline)line two\(newline)"),
            ])
        #expect(
            params.files == [
                .init(name: "web_image", filename: "logo.png", contentType: "image/png", bytes: Array("PNGDATA".utf8))
            ])
    }

    @Test("Keeps binary content byte for byte: all 256 values, embedded CRLF and delimiter lookalikes")
    func binaryContent() throws {
        var body = MultipartLineEnd.crlf.bytes(
            """
            --XyZ
            Content-Disposition: form-data; name="f"; filename="b.bin"


            """)
        body += multipartTrickyBytes
        body += MultipartLineEnd.crlf.bytes(
            """

            --XyZ
            Content-Disposition: form-data; name="after"

            ok
            --XyZ--
            """)
        let params = try decodeMultipart(body)
        #expect(params.file("f")?.bytes == multipartTrickyBytes)
        #expect(params["after"] == "ok")
    }

    @Test("Keeps binary content exactly in bodies built with bare LF")
    func binaryContentLF() throws {
        // With LF framing, content ending in CR keeps it only if a CR precedes the LF; use content without that.
        let content = multipartTrickyBytes.filter { $0 != 0x0D } + [0x41]
        var body = Array("--XyZ\nContent-Disposition: form-data; name=\"f\"; filename=\"b\"\n\n".utf8)
        body += content
        body += Array("\n--XyZ--\n".utf8)
        #expect(try decodeMultipart(body).file("f")?.bytes == content)
    }

    @Test("Round-trips files through MultipartBody, the lookalikes and all")
    func builderRoundTrip() throws {
        var multipart = MultipartBody(boundary: "XyZ")
        multipart.addFile("a", filename: "a.bin", contentType: "application/octet-stream", bytes: multipartTrickyBytes)
        multipart.addFile("b", filename: "empty", bytes: [])
        multipart.addFile("c", filename: "crlf", bytes: [0x0D, 0x0A])
        multipart.addField("d", "")
        let params = try decodeMultipart(multipart.bytes)
        #expect(params.files.map(\.bytes) == [multipartTrickyBytes, [], [0x0D, 0x0A]])
        #expect(params.fields == [.init(name: "d", value: "")])
    }

    @Test(
        "Reads an empty part with or without the line end strict framing asks for", arguments: MultipartLineEnd.allCases
    )
    func emptyContent(lineEnd: MultipartLineEnd) throws {
        let body = lineEnd.bytes(
            """
            --XyZ
            Content-Disposition: form-data; name="strict"


            --XyZ
            Content-Disposition: form-data; name="lenient"

            --XyZ--
            """)
        #expect(
            try decodeMultipart(body).fields == [.init(name: "strict", value: ""), .init(name: "lenient", value: "")])
    }

    @Test(
        "A body with only the close delimiter has no parts",
        arguments: ["--XyZ--", "--XyZ--\r\n", "pre\r\n--XyZ--\r\nepi"])
    func noParts(text: String) throws {
        #expect(try decodeMultipart(Array(text.utf8)) == HTTPParameters())
    }

    @Test(
        "Ignores a preamble and an epilogue, even ones that mention the boundary", arguments: MultipartLineEnd.allCases)
    func preambleAndEpilogue(lineEnd: MultipartLineEnd) throws {
        let body = lineEnd.bytes(
            """
            This is the preamble. --XyZ is mentioned here.
            --XyZnot-a-delimiter
            --XyZ
            Content-Disposition: form-data; name="a"

            1
            --XyZ--
            This is the epilogue.
            --XyZ
            Content-Disposition: form-data; name="b"

            2
            --XyZ--

            """)
        #expect(try decodeMultipart(body).fields == [.init(name: "a", value: "1")])
    }

    @Test("Accepts transport padding after a delimiter", arguments: MultipartLineEnd.allCases)
    func transportPadding(lineEnd: MultipartLineEnd) throws {
        let body = lineEnd.bytes(
            "--XyZ \t \nContent-Disposition: form-data; name=\"a\"\n\n1\n"
                + "--XyZ\t\nContent-Disposition: form-data; name=\"b\"\n\n2\n--XyZ--\n")
        #expect(try decodeMultipart(body).fields.map(\.value) == ["1", "2"])
    }

    @Test("Refuses every truncation of a body, including cuts inside the close delimiter")
    func truncatedEverywhere() throws {
        var multipart = MultipartBody(boundary: "XyZ")
        multipart.addField("memo", "hello")
        multipart.addFile("f", filename: "x.bin", bytes: multipartTrickyBytes)
        multipart.addField("last", "")
        let full = multipart.bytes
        // The close delimiter ends two bytes before the final CRLF; the CRLF after it is optional.
        let closeEnd = full.count - 2
        #expect(try decodeMultipart(Array(full[..<closeEnd])).fields.count == 2)
        for cut in 0..<closeEnd {
            #expect(throws: ParameterError.truncatedMultipart, "cut at \(cut)") {
                try decodeMultipart(Array(full[..<cut]))
            }
        }
    }

    @Test(
        "Refuses bodies that stop in the last delimiter",
        arguments: ["\r\n--XyZ-", "\r\n--XyZ", "\r\n--Xy", "\r\n-", "\r\n--XyZ  ", "\r\n--XyZ\r", "\r\n--XyZ\r\n"])
    func truncatedDelimiter(tail: String) {
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\(tail)".utf8)
        #expect(throws: ParameterError.truncatedMultipart) { try decodeMultipart(body) }
    }

    @Test("Refuses a body whose delimiters never appear")
    func noDelimiter() {
        #expect(throws: ParameterError.truncatedMultipart) { try decodeMultipart(Array("a=1&b=2".utf8)) }
        #expect(throws: ParameterError.truncatedMultipart) { try decodeMultipart([]) }
        #expect(throws: ParameterError.truncatedMultipart) {
            try decodeMultipart(Array("--XyZ\r\n".utf8), boundary: "Other")
        }
    }

    @Test("Accepts part headers of exactly the limit and refuses one byte more", arguments: MultipartLineEnd.allCases)
    func partHeaderLimit(lineEnd: MultipartLineEnd) throws {
        let limit = 200
        var limits = HTTPLimits()
        limits.maxMultipartPartHeaderBytes = limit
        func body(headerBytes: Int) -> [UInt8] {
            let disposition = lineEnd.bytes("Content-Disposition: form-data; name=\"a\"\n")
            let padLineOverhead = lineEnd.bytes("X-Pad: \n").count
            let pad = String(repeating: "p", count: headerBytes - disposition.count - padLineOverhead)
            let headers = disposition + lineEnd.bytes("X-Pad: \(pad)\n")
            #expect(headers.count == headerBytes)
            return lineEnd.bytes("--XyZ\n") + headers + lineEnd.bytes("\n1\n--XyZ--\n")
        }
        #expect(try decodeMultipart(body(headerBytes: limit), limits: limits)["a"] == "1")
        #expect(throws: ParameterError.partHeadersTooLarge) {
            try decodeMultipart(body(headerBytes: limit + 1), limits: limits)
        }
        #expect(try decodeMultipart(body(headerBytes: HTTPLimits.default.maxMultipartPartHeaderBytes))["a"] == "1")
        #expect(throws: ParameterError.partHeadersTooLarge) {
            try decodeMultipart(body(headerBytes: HTTPLimits.default.maxMultipartPartHeaderBytes + 1))
        }
    }

    @Test("Refuses an endless header line as too large, not as truncated")
    func endlessHeaderLine() {
        let body =
            Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; x=".utf8)
            + [UInt8](repeating: 0x61, count: 20_000) + Array("\r\n\r\n1\r\n--XyZ--".utf8)
        #expect(throws: ParameterError.partHeadersTooLarge) { try decodeMultipart(body) }
    }

    @Test(
        "Accepts exactly the part limit and refuses one more", arguments: [1, 3, HTTPLimits.default.maxMultipartParts])
    func partLimit(limit: Int) throws {
        var limits = HTTPLimits()
        limits.maxMultipartParts = limit
        var multipart = MultipartBody(boundary: "XyZ")
        for index in 0..<limit { multipart.addField("p\(index)", "v") }
        #expect(try decodeMultipart(multipart.bytes, limits: limits).fields.count == limit)
        multipart.addFile("one-more", filename: "x", bytes: [1])
        #expect(throws: ParameterError.tooManyParts) { try decodeMultipart(multipart.bytes, limits: limits) }
    }

    @Test(
        "Refuses parts it cannot read",
        arguments: [
            "Content-Disposition: form-data; filename=\"x\"",  // no name
            "Content-Disposition: form-data",  // no name
            "Content-Disposition: form-data; name",  // a bare token is not a name
            "Content-Type: text/plain",  // no Content-Disposition
            "Content-Disposition: attachment; name=\"a\"",  // not form-data
            "Content-Disposition form-data; name=\"a\"",  // a header line without a colon
        ])
    func malformedPart(headers: String) {
        let body = MultipartLineEnd.crlf.bytes("--XyZ\n\(headers)\n\nvalue\n--XyZ--\n")
        #expect {
            try decodeMultipart(body)
        } throws: { error in
            guard case .malformedMultipart = error as? ParameterError else { return false }
            return (error as? ParameterError)?.status == .badRequest
        }
    }

    @Test("Refuses a part with no header block at all")
    func partWithoutHeaders() {
        #expect(throws: ParameterError.malformedMultipart(reason: "part without Content-Disposition")) {
            try decodeMultipart(MultipartLineEnd.crlf.bytes("--XyZ\n\nvalue\n--XyZ--\n"))
        }
    }

    @Test(
        "Reads Content-Disposition leniently",
        arguments: [
            ("content-disposition: form-data; name=\"doc\"", "doc", nil),
            ("CONTENT-DISPOSITION: FORM-DATA; NAME=\"doc\"", "doc", nil),
            ("Content-Disposition: form-data; name =\"doc\"", "doc", nil),
            ("Content-Disposition: form-data; name = \"doc\" ;", "doc", nil),
            ("Content-Disposition:form-data;name=doc", "doc", nil),
            ("Content-Disposition: form-data ; name=doc ; ", "doc", nil),
            ("Content-Disposition: form-data; name=\"say \\\"hi\\\"\"", "say \"hi\"", nil),
            ("Content-Disposition: form-data; name=\"a;b=c\"", "a;b=c", nil),
            ("Content-Disposition: form-data; name=\"\"", "", nil),
            ("Content-Disposition: form-data; name=\"unterminated", "unterminated", nil),
            ("Content-Disposition: form-data; filename=\"y.png\"; name=\"x\"", "x", "y.png"),
            ("Content-Disposition: form-data; name=x; filename=y.png", "x", "y.png"),
            ("Content-Disposition: form-data; name=\"x\"; FileName=\"y.png\"", "x", "y.png"),
            ("Content-Disposition: form-data; name=\"x\"; filename=\"C:\\dir\\y.png\"", "x", "C:\\dir\\y.png"),
            ("Content-Disposition: form-data; name=\"x\"; filename=\"caf\u{E9} \u{2713}.png\"", "x", "café ✓.png"),
            ("Content-Disposition: form-data; name=\"x\"; name=\"second\"", "x", nil),
            ("Content-Disposition: form-data; name=\"x\"; filename=\"\"", "x", ""),
            (
                "Content-Disposition: form-data; name=\"x\"; filename*=utf-8''caf%C3%A9%20%E2%9C%93.png", "x",
                "café ✓.png"
            ),
            (
                "Content-Disposition: form-data; name=\"x\"; filename=\"cafe.png\"; filename*=UTF-8'fr'caf%C3%A9.png",
                "x", "café.png"
            ),
            ("Content-Disposition: form-data; name=\"x\"; filename*=a+b.png", "x", "a+b.png"),
        ] as [(String, String, String?)])
    func lenientDisposition(header: String, name: String, filename: String?) throws {
        let body = MultipartLineEnd.crlf.bytes("--XyZ\n\(header)\n\nvalue\n--XyZ--\n")
        let params = try decodeMultipart(body)
        if let filename {
            #expect(params.fields.isEmpty)
            #expect(
                params.files == [.init(name: name, filename: filename, contentType: nil, bytes: Array("value".utf8))])
        } else {
            #expect(params.files.isEmpty)
            #expect(params.fields == [.init(name: name, value: "value")])
        }
    }

    @Test("Takes a file part's Content-Type when present, under any header case")
    func fileContentType() throws {
        let body = MultipartLineEnd.crlf.bytes(
            """
            --XyZ
            content-type:   image/gif  
            Content-Disposition: form-data; name="a"; filename="a.gif"

            GIF89a
            --XyZ
            Content-Disposition: form-data; name="b"; filename="b"

            x
            --XyZ--
            """)
        let params = try decodeMultipart(body)
        #expect(params.file("a")?.contentType == "image/gif")
        #expect(params.file("b")?.contentType == nil)
    }

    @Test("Shows a text field and a file part of the same name, each where it belongs")
    func sameNameFieldAndFile() throws {
        var multipart = MultipartBody()
        multipart.addField("web_image", "/home/user/logo.png")
        multipart.addFile("web_image", filename: "logo.png", contentType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47])
        multipart.addField("memo", "m")
        let params = try MultipartForm.decode(multipart.bytes, contentType: multipart.contentType)
        #expect(params["web_image"] == "/home/user/logo.png")
        #expect(params.file("web_image")?.bytes == [0x89, 0x50, 0x4E, 0x47])
        #expect(params.file("web_image")?.filename == "logo.png")
        #expect(params.file("memo") == nil)
        #expect(params["memo"] == "m")

        // The other order: the file first, the text field after; still both.
        var reversed = MultipartBody()
        reversed.addFile("web_image", filename: "logo.png", contentType: "image/png", bytes: [1])
        reversed.addField("web_image", "/path")
        let other = try MultipartForm.decode(reversed.bytes, contentType: reversed.contentType)
        #expect(other["web_image"] == "/path")
        #expect(other.file("web_image")?.bytes == [1])
    }

    @Test("Refuses text values and names that are not UTF-8, but not file bytes")
    func invalidUTF8() throws {
        func body(disposition: [UInt8], content: [UInt8]) -> [UInt8] {
            Array("--XyZ\r\nContent-Disposition: form-data; ".utf8) + disposition + Array("\r\n\r\n".utf8) + content
                + Array("\r\n--XyZ--".utf8)
        }
        #expect(throws: ParameterError.invalidUTF8(name: "a")) {
            try decodeMultipart(body(disposition: Array("name=\"a\"".utf8), content: [0xC0, 0xAF]))
        }
        #expect(throws: ParameterError.invalidUTF8(name: nil)) {
            try decodeMultipart(body(disposition: Array("name=\"".utf8) + [0xFF] + [0x22], content: [0x31]))
        }
        #expect(throws: ParameterError.invalidUTF8(name: "f")) {
            try decodeMultipart(body(disposition: Array("name=\"f\"; filename=\"".utf8) + [0xFF, 0x22], content: []))
        }
        #expect(throws: ParameterError.invalidUTF8(name: "f")) {
            try decodeMultipart(body(disposition: Array("name=f; filename*=utf-8''%FF".utf8), content: []))
        }
        #expect(throws: ParameterError.badPercentEscape) {
            try decodeMultipart(body(disposition: Array("name=f; filename*=utf-8''%F".utf8), content: []))
        }
        let file = try decodeMultipart(body(disposition: Array("name=f; filename=x".utf8), content: [0xFF, 0xC0]))
        #expect(file.file("f")?.bytes == [0xFF, 0xC0])
    }

    @Test("Decodes a slice that does not start at index zero")
    func sliceIndices() throws {
        let whole =
            Array("garbage".utf8)
            + MultipartLineEnd.crlf.bytes("--XyZ\nContent-Disposition: form-data; name=a\n\n1\n--XyZ--")
        let params = try MultipartForm.decode(whole[7...], boundary: Array("XyZ".utf8))
        #expect(params.fields == [.init(name: "a", value: "1")])
        // A slice that begins one byte later starts mid-delimiter: the first part becomes preamble, and only the
        // close delimiter, which starts a line, is found.
        #expect(try MultipartForm.decode(whole[8...], boundary: Array("XyZ".utf8)) == HTTPParameters())
    }

    @Test("Finds delimiters in a large body in reasonable time")
    func largeBody() throws {
        // Many newlines and near-delimiters: the search must stay linear.
        let chunk = Array("\n--XyY\r\n-\n--Xy\n".utf8)
        var content: [UInt8] = []
        content.reserveCapacity(1024 * 1024)
        while content.count < 1024 * 1024 { content += chunk }
        var multipart = MultipartBody(boundary: "XyZ")
        multipart.addFile("f", filename: "big", bytes: content)
        #expect(try decodeMultipart(multipart.bytes).file("f")?.bytes.count == content.count)
    }
}
