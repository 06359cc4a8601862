import MiniHTTP
import Testing

/// docs/api.md §1: an `application/json` object body is a parameter source after the query string.
@Suite("Request parameters: a JSON object body")
struct JSONBodyParametersTests {
    /// A POST to `/x` with that query, Content-Type and body.
    static func request(
        _ body: String, contentType: String? = "application/json", query: [(String, String)] = []
    ) -> HTTPRequest {
        var request = HTTPRequest.make(.post, "/x", query: query, headers: contentType.map { [("Content-Type", $0)] } ?? [])
        request.body = Array(body.utf8)
        return request
    }

    @Test("Strings, numbers and booleans are parameters; null, arrays and objects are skipped")
    func memberTypes() throws {
        let body = #"""
            {"memo": "json memo", "count": 10, "ratio": 1.5, "big": 1e2, "neg": -3, "negzero": -0.0,
             "on": true, "off": false, "none": null, "list": ["a", 1], "nested": {"memo": "inner"}, "empty": ""}
            """#
        let params = try Self.request(body).parameters()
        #expect(
            params.fields == [
                .init(name: "big", value: "100.0"), .init(name: "count", value: "10"),
                .init(name: "empty", value: ""), .init(name: "memo", value: "json memo"),
                .init(name: "neg", value: "-3"), .init(name: "negzero", value: "-0.0"),
                .init(name: "off", value: "false"), .init(name: "on", value: "true"),
                .init(name: "ratio", value: "1.5"),
            ])
        #expect(params.files.isEmpty)
    }

    @Test("Numbers read as Python's json.dumps writes them", arguments: [
        ("0", "0"), ("-0", "0"), ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"), ("12345678901234567890", "1.2345678901234567e+19"),
        ("1.50", "1.5"), ("1E-7", "1e-07"), ("2.5e3", "2500.0"), ("1e400", "Infinity"),
    ])
    func numbers(literal: String, expected: String) throws {
        #expect(try Self.request(#"{"n": \#(literal)}"#).parameters()["n"] == expected)
    }

    @Test("The query string comes first and its first occurrence wins; a repeated JSON key keeps its last value")
    func precedence() throws {
        let request = Self.request(
            #"{"memo": "first", "kind": "dns", "memo": "body", "auth_token": "b"}"#,
            query: [("auth_token", "q"), ("x", "1")])
        let params = try request.parameters()
        #expect(params["auth_token"] == "q")
        #expect(params["memo"] == "body")
        #expect(params["kind"] == "dns")
        #expect(params.values("auth_token") == ["q", "b"])
        #expect(params.fields.map(\.name) == ["auth_token", "x", "auth_token", "kind", "memo"])
    }

    @Test("Keys are ordered by code point, as JSONWriter sorts them")
    func keyOrder() throws {
        let params = try Self.request(#"{"é": "3", "z": "2", "Z": "1", "😀": "4", "ｚ": "5"}"#).parameters()
        #expect(params.fields.map(\.name) == ["Z", "z", "é", "ｚ", "😀"])
    }

    @Test(
        "Recognizes application/json with parameters and in any case",
        arguments: [
            "application/json", "application/json; charset=utf-8", "Application/JSON", " application/json ;",
            "APPLICATION/JSON;charset=UTF-8",
        ])
    func contentTypes(contentType: String) throws {
        #expect(try Self.request(#"{"memo": "m"}"#, contentType: contentType).parameters()["memo"] == "m")
    }

    @Test(
        "Ignores JSON under other types: +json suffixes, text, no Content-Type",
        arguments: [
            "application/problem+json", "application/vnd.api+json", "text/json", "text/plain", nil,
            "application/jsonx",
        ] as [String?])
    func otherTypes(contentType: String?) throws {
        let params = try Self.request(#"{"memo": "m"}"#, contentType: contentType, query: [("a", "1")]).parameters()
        #expect(params.fields == [.init(name: "a", value: "1")])
    }

    @Test(
        "Ignores an empty, blank, invalid or non-object body without an error",
        arguments: [
            "", " \r\n\t", "{", "{\"memo\": \"m\",}", "{'memo': 'm'}", "{\"memo\": \"m\"} x", "[{\"memo\": \"m\"}]",
            "\"memo\"", "42", "true", "null", "\u{FEFF}{\"memo\": \"m\"}", "{\"memo\": \"\\ud800\"}",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func ignoredBodies(body: String) throws {
        let params = try Self.request(body, query: [("a", "1")]).parameters()
        #expect(params.fields == [.init(name: "a", value: "1")])
        #expect(params.files.isEmpty)
    }

    @Test("Ignores a body that is not UTF-8, where a url-encoded body would be an error")
    func notUTF8() throws {
        var request = Self.request("", query: [("a", "1")])
        request.body = Array(#"{"memo": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(try request.parameters().fields == [.init(name: "a", value: "1")])
        var form = HTTPRequest.make(.post, "/x", headers: [("Content-Type", "application/x-www-form-urlencoded")])
        form.body = Array("memo=%zz".utf8)
        #expect(throws: ParameterError.badPercentEscape) { try form.parameters() }
    }

    @Test("Decodes escapes and non-ASCII text: \\u00e9, raw UTF-8, surrogate pairs, control escapes")
    func escapes() throws {
        let body = #"{"a": "caf\u00e9", "b": "café", "c": "\ud83d\ude00 ok", "d": "tab\tquote\"slash\/", "\u006b": "v"}"#
        let params = try Self.request(body).parameters()
        #expect(params["a"] == "café")
        #expect(params["b"] == "café")
        #expect(params["c"] == "😀 ok")
        #expect(params["d"] == "tab\tquote\"slash/")
        #expect(params["k"] == "v")
    }

    @Test("JSON members that become parameters count against the 1,000-parameter limit with the query string")
    func parameterLimit() throws {
        func body(_ count: Int, skipped: Int = 0) -> String {
            let members = (0..<count).map { #""p\#($0)": \#($0)"# } + (0..<skipped).map { #""s\#($0)": null"# }
            return "{" + members.joined(separator: ", ") + "}"
        }
        #expect(try Self.request(body(1000)).parameters().fields.count == 1000)
        #expect(throws: ParameterError.tooManyParameters) { try Self.request(body(1001)).parameters() }
        #expect(try Self.request(body(999), query: [("q", "1")]).parameters().fields.count == 1000)
        #expect(throws: ParameterError.tooManyParameters) {
            try Self.request(body(1000), query: [("q", "1")]).parameters()
        }
        // Skipped members (null, arrays, objects) are not parameters and do not count.
        #expect(try Self.request(body(1000, skipped: 50)).parameters().fields.count == 1000)
        #expect(ParameterError.tooManyParameters.status == .contentTooLarge)
    }

    @Test("A lower configured limit applies to JSON members the same way")
    func smallLimit() throws {
        var limits = HTTPLimits()
        limits.maxParameters = 2
        let request = Self.request(#"{"a": "1", "b": "2", "c": "3"}"#)
        #expect(throws: ParameterError.tooManyParameters) { try request.parameters(limits: limits) }
        #expect(try Self.request(#"{"a": "1", "b": null, "c": []}"#, query: [("q", "1")]).parameters(limits: limits)
            .fields.count == 2)
    }

    @Test("A JSON body over maxBodyBytes is refused as too many parameters; at the limit it is read")
    func sizeCap() throws {
        let filler = String(repeating: "a", count: JSONBodyForm.maxBodyBytes - #"{"memo": ""}"#.utf8.count)
        let atLimit = #"{"memo": "\#(filler)"}"#
        #expect(atLimit.utf8.count == JSONBodyForm.maxBodyBytes)
        #expect(try Self.request(atLimit).parameters()["memo"] == filler)
        #expect(throws: ParameterError.tooManyParameters) {
            try Self.request(#"{"memo": "\#(filler)a"}"#).parameters()
        }
    }

    @Test("Nesting deeper than maxDepth makes the body no object to read: no parameters, no error")
    func depthCap() throws {
        let shallow = #"{"a": 1, "n": "# + String(repeating: "[", count: JSONBodyForm.maxDepth - 1)
            + String(repeating: "]", count: JSONBodyForm.maxDepth - 1) + "}"
        #expect(try Self.request(shallow).parameters()["a"] == "1")
        let deep = #"{"a": 1, "n": "# + String(repeating: "[", count: JSONBodyForm.maxDepth)
            + String(repeating: "]", count: JSONBodyForm.maxDepth) + "}"
        #expect(try Self.request(deep).parameters().fields.isEmpty)
    }
}
