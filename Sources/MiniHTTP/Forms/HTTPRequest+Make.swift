extension HTTPRequest {
    /// A request as a client would send it, for tests: the query and form percent-encoded, the body and its
    /// Content-Type and Content-Length set.
    ///
    /// - Parameters:
    ///   - query: pairs appended to the path's query string, encoded with `%20` for spaces.
    ///   - form: pairs sent as an `application/x-www-form-urlencoded` body, spaces as `+`.
    ///   - multipart: a `multipart/form-data` body; give `form` or `multipart`, not both.
    ///   - headers: extra header fields; a Content-Type or Content-Length here replaces the one made for the body.
    package static func make(
        _ method: HTTPMethod = .get, _ path: String, query: [(String, String)] = [],
        form: [(String, String)]? = nil, multipart: MultipartBody? = nil, headers: [(String, String)] = []
    ) -> HTTPRequest {
        precondition(form == nil || multipart == nil, "make: give a form or a multipart body, not both")
        var target = path
        if !query.isEmpty {
            target += (path.contains("?") ? "&" : "?") + PercentEncoding.encode(query, spaceAsPlus: false)
        }
        var body: [UInt8] = []
        var contentType: String?
        if let form {
            body = Array(PercentEncoding.encode(form, spaceAsPlus: true).utf8)
            contentType = "application/x-www-form-urlencoded"
        } else if let multipart {
            body = multipart.bytes
            contentType = multipart.contentType
        }
        var fields = HTTPHeaders([("Host", "localhost")])
        let given = HTTPHeaders(headers)
        if let contentType, !given.contains("Content-Type") { fields.add("Content-Type", contentType) }
        if form != nil || multipart != nil, !given.contains("Content-Length") {
            fields.add("Content-Length", String(body.count))
        }
        for field in given { fields.add(field.name, field.value) }
        return HTTPRequest(method: method, target: target, headers: fields, body: body)
    }

    /// A request with the default method, GET; see `make(_:_:query:form:multipart:headers:)`.
    package static func make(
        _ path: String, query: [(String, String)] = [], form: [(String, String)]? = nil,
        multipart: MultipartBody? = nil, headers: [(String, String)] = []
    ) -> HTTPRequest {
        make(.get, path, query: query, form: form, multipart: multipart, headers: headers)
    }
}
