extension HTTPRequest {
    /// The request's parameters: the query string always, then the body when its media type is a form.
    ///
    /// `application/x-www-form-urlencoded` and `multipart/form-data` bodies are decoded; any other body (JSON,
    /// text, none) is not a parameter source and is ignored (docs/api.md §1). The parameter-count limit covers the
    /// query string and a url-encoded body together; multipart bodies are bounded by their part limits.
    /// - Throws: the first `ParameterError` met, query string first.
    package func parameters(limits: HTTPLimits = .default) throws(ParameterError) -> HTTPParameters {
        var fields: [HTTPParameters.Field] = []
        try URLEncodedForm.decode(Array(query.utf8)[...], into: &fields, maxCount: limits.maxParameters)
        switch mediaType {
        case "application/x-www-form-urlencoded":
            try URLEncodedForm.decode(body[...], into: &fields, maxCount: limits.maxParameters)
            return HTTPParameters(fields: fields)
        case "multipart/form-data":
            let boundary = try MultipartForm.boundary(contentType: headers["Content-Type"] ?? "", limits: limits)
            let parts = try MultipartForm.decode(body[...], boundary: boundary, limits: limits)
            return HTTPParameters(fields: fields + parts.fields, files: parts.files)
        default:
            return HTTPParameters(fields: fields)
        }
    }
}
