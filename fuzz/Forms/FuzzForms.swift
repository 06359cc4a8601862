import MiniHTTP

/// libFuzzer entry point: the input is a query string, a url-encoded body, a multipart body or a JSON body.
///
/// - URL-encoded: decoded as a query string (through `HTTPRequest.parameters`) and as a body (directly and through
///   `HTTPRequest.parameters`); what decodes must encode back (`PercentEncoding`) to the same fields.
/// - Multipart: the first line (up to 200 bytes) is taken as a Content-Type value naming the boundary and the rest
///   as the body; the whole input is also decoded with a fixed boundary, with the built-in and with tiny limits.
///   What decodes must, rebuilt with `MultipartBody`, decode to the same fields and files.
/// - JSON: the input as an `application/json` body never fails except by the parameter count; it gives exactly the
///   object's string, number and boolean members in code-point key order, and nothing for any other document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzForms(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    FormsFuzz.urlEncoded(bytes)
    FormsFuzz.multipart(bytes)
    FormsFuzz.json(bytes)
    return 0
}

enum FormsFuzz {
    static let fixedBoundary = "----canarymockBoundary7MA4YWxkTrZu0gW"

    static let tinyLimits: HTTPLimits = {
        var limits = HTTPLimits()
        limits.maxParameters = 4
        limits.maxMultipartParts = 3
        limits.maxMultipartPartHeaderBytes = 64
        limits.maxMultipartBoundaryLength = 8
        return limits
    }()

    static func urlEncoded(_ bytes: [UInt8]) {
        var direct: [HTTPParameters.Field] = []
        let directResult = Result { () throws(ParameterError) in
            try URLEncodedForm.decode(bytes[...], into: &direct, maxCount: HTTPLimits.default.maxParameters)
        }
        if case .success = directResult { expectRoundTrip(direct) }

        // As a body: the request decodes the same bytes the same way.
        let body = HTTPRequest(method: .post, target: "/", headers: HTTPHeaders([
            ("Host", "fuzz"), ("Content-Type", "application/x-www-form-urlencoded"),
        ]), body: bytes)
        switch (directResult, Result { () throws(ParameterError) in try body.parameters() }) {
        case (.success, .success(let parameters)):
            check(parameters.fields == direct && parameters.files.isEmpty, "body: request and decoder disagree")
        case (.failure(let a), .failure(let b)):
            check(a == b, "body: errors \(a) vs \(b)")
        default:
            fail("body: request and decoder disagree on success")
        }
        _ = try? body.parameters(limits: tinyLimits)

        // As a query string: a request-target holds only visible ASCII, as the parser guarantees.
        let query = String(decoding: bytes.filter { $0 > 0x20 && $0 < 0x7F }, as: UTF8.self)
        let get = HTTPRequest(method: .get, target: "/?" + query)
        check(get.query == query, "query: target split")
        if let parameters = try? get.parameters() {
            check(parameters.fields == (try? URLEncodedForm.decode(query)), "query: request and decoder disagree")
            expectRoundTrip(parameters.fields)
        }
        _ = try? get.parameters(limits: tinyLimits)
    }

    /// Encoded again (both space styles) and decoded: the same fields.
    static func expectRoundTrip(_ fields: [HTTPParameters.Field]) {
        let pairs = fields.map { ($0.name, $0.value) }
        for spaceAsPlus in [true, false] {
            let encoded = PercentEncoding.encode(pairs, spaceAsPlus: spaceAsPlus)
            do {
                let again = try URLEncodedForm.decode(encoded, maxCount: fields.count)
                check(again == fields, "url-encoded round trip differs for \(encoded.debugDescription)")
            } catch {
                fail("url-encoded round trip of \(encoded.debugDescription) threw \(error)")
            }
        }
    }

    static func multipart(_ bytes: [UInt8]) {
        // Content-Type line, then the body.
        if let newline = bytes.prefix(200).firstIndex(of: 0x0A) {
            let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
            let body = Array(bytes[(newline + 1)...])
            for limits in [HTTPLimits.default, tinyLimits] {
                if let boundary = try? MultipartForm.boundary(contentType: contentType, limits: limits),
                    let parameters = try? MultipartForm.decode(body[...], boundary: boundary, limits: limits)
                {
                    expectRoundTrip(parameters, limits: limits)
                }
            }
            // The same through a request, as handlers see it.
            let request = HTTPRequest(method: .post, target: "/", headers: HTTPHeaders([
                ("Host", "fuzz"), ("Content-Type", contentType),
            ]), body: body)
            _ = try? request.parameters()
        }
        for limits in [HTTPLimits.default, tinyLimits] {
            if let parameters = try? MultipartForm.decode(bytes, contentType: "multipart/form-data; boundary=\(fixedBoundary)", limits: limits) {
                expectRoundTrip(parameters, limits: limits)
            }
        }
    }

    static func json(_ bytes: [UInt8]) {
        let request = HTTPRequest(method: .post, target: "/?q=1", headers: HTTPHeaders([
            ("Host", "fuzz"), ("Content-Type", "application/json; charset=utf-8"),
        ]), body: bytes)
        // The members that must become parameters: a string's own text, or nil for a number or boolean.
        var expected: [String: String?] = [:]
        if case .object(let members)? = try? JSONReader.parse(bytes) {
            for (name, value) in members {
                switch value {
                case .string(let text): expected[name] = .some(text)
                case .bool, .int, .double: expected[name] = .some(nil)
                case .null, .array, .object: break
                }
            }
        }
        let total = expected.count + 1
        switch Result(catching: { () throws(ParameterError) in try request.parameters() }) {
        case .success(let parameters):
            let fields = parameters.fields
            check(parameters.files.isEmpty && fields.count == total, "json: \(fields.count) fields, \(total) expected")
            check(fields.first == HTTPParameters.Field(name: "q", value: "1"), "json: the query string is not first")
            let body = fields.dropFirst()
            check(zip(body, body.dropFirst()).allSatisfy { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) },
                  "json: members out of key order")
            for field in body {
                guard let wanted = expected[field.name] else {
                    fail("json: unexpected member \(field.name.debugDescription)")
                }
                if let text = wanted { check(text == field.value, "json: string member changed") }
            }
        case .failure(let error):
            check(
                error == .tooManyParameters && total > HTTPLimits.default.maxParameters,
                "json: \(error), \(total) fields")
        }
        if case .failure(let error) = Result(catching: { () throws(ParameterError) in
            try request.parameters(limits: tinyLimits)
        }) {
            check(error == .tooManyParameters && total > tinyLimits.maxParameters, "json (tiny): \(error)")
        }
    }

    /// Rebuilt with `MultipartBody` and decoded: the same fields and files. Skipped when the decoded values cannot
    /// be written back unambiguously (line ends in header material, the builder's boundary inside content).
    static func expectRoundTrip(_ parameters: HTTPParameters, limits: HTTPLimits) {
        var builder = MultipartBody()
        let dashBoundary = Array("--\(builder.boundary)".utf8)
        func headerSafe(_ text: String) -> Bool { !text.utf8.contains(0x0A) && !text.utf8.contains(0x0D) }
        func contentSafe(_ bytes: [UInt8]) -> Bool { !contains(bytes, dashBoundary) }
        for field in parameters.fields {
            guard headerSafe(field.name), contentSafe(Array(field.value.utf8)) else { return }
            builder.addField(field.name, field.value)
        }
        var expected = parameters
        for (index, file) in parameters.files.enumerated() {
            let contentType = file.contentType ?? "application/octet-stream"
            guard headerSafe(file.name), headerSafe(file.filename), headerSafe(contentType), contentSafe(file.bytes)
            else { return }
            builder.addFile(file.name, filename: file.filename, contentType: contentType, bytes: file.bytes)
            expected.files[index].contentType = contentType
        }
        var roomy = limits
        // The builder's part headers may be longer than the ones read, and its boundary longer than a tiny limit.
        roomy.maxMultipartPartHeaderBytes = 1 << 30
        roomy.maxMultipartBoundaryLength = 70
        do {
            let again = try MultipartForm.decode(builder.bytes, contentType: builder.contentType, limits: roomy)
            check(again == expected, "multipart round trip differs: \(again) vs \(expected)")
        } catch {
            fail("multipart round trip threw \(error) for \(expected)")
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    static func fail(_ message: String) -> Never {
        fatalError("FuzzForms: \(message)")
    }
}
