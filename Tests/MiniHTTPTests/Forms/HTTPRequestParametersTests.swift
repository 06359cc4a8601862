import MiniHTTP
import Testing

@Suite("Request parameters: the merged view")
struct HTTPRequestParametersTests {
    @Test("Puts the query string before a url-encoded body, and the first occurrence wins")
    func queryBeforeForm() throws {
        let request = HTTPRequest.make(
            .post, "/api/v1/canarytoken/create", query: [("auth_token", "q"), ("memo", "from query")],
            form: [("memo", "from body"), ("kind", "http"), ("auth_token", "b")])
        let params = try request.parameters()
        #expect(params["memo"] == "from query")
        #expect(params["auth_token"] == "q")
        #expect(params["kind"] == "http")
        #expect(params.values("memo") == ["from query", "from body"])
        #expect(params.fields.map(\.name) == ["auth_token", "memo", "memo", "kind", "auth_token"])
        #expect(params.files.isEmpty)
    }

    @Test("Puts the query string before a multipart body, and keeps the files")
    func queryBeforeMultipart() throws {
        var multipart = MultipartBody()
        multipart.addField("memo", "from body")
        multipart.addFile("web_image", filename: "a.png", contentType: "image/png", bytes: [1, 2, 3])
        let request = HTTPRequest.make(.post, "/x", query: [("memo", "from query")], multipart: multipart)
        let params = try request.parameters()
        #expect(params["memo"] == "from query")
        #expect(params.values("memo") == ["from query", "from body"])
        #expect(params.file("web_image")?.bytes == [1, 2, 3])
    }

    @Test("Reads the query string on every method and with no body", arguments: [HTTPMethod.get, .delete, .post])
    func queryOnEveryMethod(method: HTTPMethod) throws {
        let request = HTTPRequest(method: method, target: "/x?factory_auth=abc&auth_token=t+t")
        #expect(
            try request.parameters().fields == [
                .init(name: "factory_auth", value: "abc"), .init(name: "auth_token", value: "t t"),
            ])
    }

    @Test(
        "Ignores bodies that are neither forms nor JSON",
        arguments: [
            ("application/problem+json", "{\"memo\": \"json\"}"),
            ("text/plain", "memo=text"),
            ("application/octet-stream", "memo=bin"),
            (nil, "memo=untyped"),
        ] as [(String?, String)])
    func ignoresOtherBodies(contentType: String?, body: String) throws {
        let headers = contentType.map { [("Content-Type", $0)] } ?? []
        var request = HTTPRequest.make(.post, "/x", query: [("a", "1")], headers: headers)
        request.body = Array(body.utf8)
        let params = try request.parameters()
        #expect(params.fields == [.init(name: "a", value: "1")])
        #expect(params["memo"] == nil)
    }

    @Test(
        "Recognizes form media types with parameters and in any case",
        arguments: [
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "Application/X-WWW-Form-URLEncoded", " application/x-www-form-urlencoded ;",
        ])
    func formMediaTypes(contentType: String) throws {
        let request = HTTPRequest.make(.post, "/x", form: [("memo", "a b")], headers: [("Content-Type", contentType)])
        #expect(try request.parameters()["memo"] == "a b")
    }

    @Test("Counts the query string and a url-encoded body against one parameter limit")
    func sharedLimit() throws {
        var limits = HTTPLimits()
        limits.maxParameters = 4
        let atLimit = HTTPRequest.make(.post, "/x", query: [("a", "1"), ("b", "2")], form: [("c", "3"), ("d", "4")])
        #expect(try atLimit.parameters(limits: limits).fields.count == 4)
        let over = HTTPRequest.make(
            .post, "/x", query: [("a", "1"), ("b", "2")], form: [("c", "3"), ("d", "4"), ("e", "5")])
        #expect(throws: ParameterError.tooManyParameters) { try over.parameters(limits: limits) }
        let overInQuery = HTTPRequest.make(.get, "/x", query: (0..<5).map { ("p\($0)", "v") })
        #expect(throws: ParameterError.tooManyParameters) { try overInQuery.parameters(limits: limits) }
    }

    @Test("Reports errors from the query string and from each body kind")
    func errors() {
        #expect(throws: ParameterError.badPercentEscape) {
            try HTTPRequest(method: .get, target: "/x?a=%zz").parameters()
        }
        var form = HTTPRequest.make(.post, "/x", headers: [("Content-Type", "application/x-www-form-urlencoded")])
        form.body = [0x61, 0x3D, 0xFF]
        #expect(throws: ParameterError.invalidUTF8(name: "a")) { try form.parameters() }
        var multipart = HTTPRequest.make(.post, "/x", headers: [("Content-Type", "multipart/form-data")])
        multipart.body = Array("--XyZ--".utf8)
        #expect(throws: ParameterError.missingBoundary) { try multipart.parameters() }
        var truncated = HTTPRequest.make(.post, "/x", headers: [("Content-Type", "multipart/form-data; boundary=XyZ")])
        truncated.body = Array("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1".utf8)
        #expect(throws: ParameterError.truncatedMultipart) { try truncated.parameters() }
    }

    @Test("make builds a request whose parameters decode back to what went in")
    func makeRoundTrip() throws {
        let query = [("auth_token", "abc 123"), ("q", "1+1=2&x"), ("empty", ""), ("", "no name")]
        let form = [
            ("memo", "Memo with spaces, ünïcödé ✓ and 🐦"), ("symbols", "%25 + & = ? / # ; ' \" \\"),
            ("memo", "2"),
        ]
        let request = HTTPRequest.make(.post, "/api/v1/canarytoken/create", query: query, form: form)
        #expect(request.path == "/api/v1/canarytoken/create")
        #expect(request.mediaType == "application/x-www-form-urlencoded")
        #expect(request.headers["Content-Length"] == String(request.body.count))
        let params = try request.parameters()
        #expect(params.fields.map { [$0.name, $0.value] } == (query + form).map { [$0.0, $0.1] })

        var multipart = MultipartBody()
        multipart.addField("memo", "line 1\r\nline 2")
        multipart.addField("name \"quoted\" \\ back", "v")
        multipart.addField("ünï", "✓")
        multipart.addFile(
            "web_image", filename: "my \"logo\".png", contentType: "image/png", bytes: multipartTrickyBytes)
        multipart.addFile("other", filename: "", bytes: [])
        let upload = HTTPRequest.make(.post, "/upload", query: [("auth_token", "t")], multipart: multipart)
        let decoded = try upload.parameters()
        #expect(
            decoded.fields == [
                .init(name: "auth_token", value: "t"), .init(name: "memo", value: "line 1\r\nline 2"),
                .init(name: "name \"quoted\" \\ back", value: "v"), .init(name: "ünï", value: "✓"),
            ])
        #expect(
            decoded.files == [
                .init(
                    name: "web_image", filename: "my \"logo\".png", contentType: "image/png",
                    bytes: multipartTrickyBytes),
                .init(name: "other", filename: "", contentType: "application/octet-stream", bytes: []),
            ])
    }

    @Test("make defaults to GET, appends to an existing query and lets given headers win")
    func makeDetails() {
        let plain = HTTPRequest.make("/api/v1/ping")
        #expect(plain.method == .get)
        #expect(plain.target == "/api/v1/ping")
        #expect(plain.body.isEmpty)
        #expect(plain.headers["Content-Type"] == nil)

        let joined = HTTPRequest.make(.delete, "/x?a=1", query: [("b", "2 3")])
        #expect(joined.target == "/x?a=1&b=2%203")
        #expect(joined.query == "a=1&b=2%203")

        let typed = HTTPRequest.make(
            .post, "/x", form: [("a", "1")], headers: [("content-type", "text/plain"), ("X-Canary-Auth-Token", "t")])
        #expect(typed.headers.values("Content-Type") == ["text/plain"])
        #expect(typed.headers["x-canary-auth-token"] == "t")
        #expect(typed.body == Array("a=1".utf8))
    }
}

@Suite("HTTPParameters and ParameterError")
struct HTTPParametersTests {
    let params = HTTPParameters(
        fields: [.init(name: "a", value: "1"), .init(name: "b", value: ""), .init(name: "a", value: "2")],
        files: [
            .init(name: "f", filename: "one", contentType: nil, bytes: [1]),
            .init(name: "f", filename: "two", contentType: "image/gif", bytes: [2]),
        ])

    @Test("Looks up fields and files by name")
    func lookups() {
        #expect(params["a"] == "1")
        #expect(params["b"] == "")
        #expect(params["missing"] == nil)
        #expect(params["f"] == nil)
        #expect(params.values("a") == ["1", "2"])
        #expect(params.values("missing").isEmpty)
        #expect(params.contains("a") && params.contains("b") && params.contains("f"))
        #expect(!params.contains("missing"))
        #expect(params.file("f")?.filename == "one")
        #expect(params.file("a") == nil)
    }

    @Test(
        "Answers 413 for limits and 400 for everything else",
        arguments: [
            (ParameterError.tooManyParameters, 413), (.tooManyParts, 413), (.partHeadersTooLarge, 413),
            (.badPercentEscape, 400), (.invalidUTF8(name: "a"), 400), (.invalidUTF8(name: nil), 400),
            (.missingBoundary, 400), (.badBoundary, 400), (.boundaryTooLong, 400),
            (.malformedMultipart(reason: "x"), 400), (.truncatedMultipart, 400),
        ])
    func statuses(error: ParameterError, code: Int) {
        #expect(error.status.code == code)
        let response = error.makeResponse(PlainErrorRenderer())
        #expect(response.status == error.status)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(!error.description.isEmpty)
    }
}
