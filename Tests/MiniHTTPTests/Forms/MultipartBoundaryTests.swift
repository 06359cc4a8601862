import MiniHTTP
import Testing

/// The boundary a Content-Type value names, as text.
private func boundary(_ contentType: String, limits: HTTPLimits = .default) throws(ParameterError) -> String {
    String(decoding: try MultipartForm.boundary(contentType: contentType, limits: limits), as: UTF8.self)
}

@Suite("Multipart boundaries")
struct MultipartBoundaryTests {
    @Test(
        "Reads the boundary parameter quoted or not, in any case, with loose spacing",
        arguments: [
            ("multipart/form-data; boundary=XyZ", "XyZ"),
            ("multipart/form-data; boundary=\"XyZ\"", "XyZ"),
            ("multipart/form-data; boundary=XyZ;", "XyZ"),
            ("multipart/form-data; boundary=\"XyZ\";", "XyZ"),
            ("multipart/form-data; boundary = XyZ", "XyZ"),
            ("multipart/form-data; boundary= \"XyZ\" ", "XyZ"),
            ("multipart/form-data;boundary=XyZ", "XyZ"),
            ("multipart/form-data ;  boundary=XyZ  ", "XyZ"),
            ("multipart/form-data; BOUNDARY=XyZ", "XyZ"),
            ("multipart/form-data; Boundary=XyZ", "XyZ"),
            ("multipart/form-data; charset=utf-8; boundary=XyZ", "XyZ"),
            ("multipart/form-data; boundary=XyZ; charset=utf-8", "XyZ"),
            ("multipart/form-data; boundary=\"XyZ\"; charset=utf-8", "XyZ"),
            ("multipart/form-data; boundary=\"a;b=c\"", "a;b=c"),
            ("multipart/form-data; boundary=\"with space\"", "with space"),
            ("multipart/form-data; boundary=first; boundary=second", "first"),
            (
                "Multipart/Form-Data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
                "----WebKitFormBoundary7MA4YWxkTrZu0gW"
            ),
            (
                "multipart/form-data; boundary=------------------------d74496d66958873e",
                "------------------------d74496d66958873e"
            ),
            ("multipart/form-data; boundary=\"9051914041544843365972754266\"", "9051914041544843365972754266"),
        ])
    func readsBoundary(contentType: String, expected: String) throws {
        #expect(try boundary(contentType) == expected)
    }

    @Test(
        "Refuses a Content-Type without a boundary",
        arguments: [
            "multipart/form-data", "multipart/form-data;", "multipart/form-data; charset=utf-8",
            "multipart/form-data; boundaryx=1", "multipart/form-data; boundary", "multipart/form-data; xboundary=1",
            "",
        ])
    func missingBoundary(contentType: String) {
        #expect(throws: ParameterError.missingBoundary) { try boundary(contentType) }
    }

    @Test(
        "Refuses an empty boundary or one with control characters",
        arguments: [
            "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=;",
            "multipart/form-data; boundary=  ;x=1", "multipart/form-data; boundary=\"a\tb\"",
            "multipart/form-data; boundary=\"a\rb\"", "multipart/form-data; boundary=\"a\u{7F}\"",
        ])
    func badBoundary(contentType: String) {
        #expect(throws: ParameterError.badBoundary) { try boundary(contentType) }
    }

    @Test("Accepts a 70-character boundary and refuses 71", arguments: [false, true])
    func boundaryLength(quoted: Bool) throws {
        let seventy = String(repeating: "b", count: 69) + "Z"
        let seventyOne = seventy + "1"
        func header(_ value: String) -> String {
            "multipart/form-data; boundary=" + (quoted ? "\"\(value)\"" : value)
        }
        #expect(try boundary(header(seventy)) == seventy)
        #expect(throws: ParameterError.boundaryTooLong) { try boundary(header(seventyOne)) }

        var multipart = MultipartBody(boundary: seventy)
        multipart.addField("a", "1")
        #expect(try MultipartForm.decode(multipart.bytes, contentType: header(seventy))["a"] == "1")
    }

    @Test("Follows a configured boundary limit", arguments: [1, 10])
    func configuredLimit(limit: Int) throws {
        var limits = HTTPLimits()
        limits.maxMultipartBoundaryLength = limit
        let atLimit = String(repeating: "x", count: limit)
        #expect(try boundary("multipart/form-data; boundary=\(atLimit)", limits: limits) == atLimit)
        #expect(throws: ParameterError.boundaryTooLong) {
            try boundary("multipart/form-data; boundary=\(atLimit)x", limits: limits)
        }
    }
}
