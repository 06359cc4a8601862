extension HTTPRequest {
    /// The request's parameters: the query string always, then the body when its media type is a form or JSON.
    ///
    /// `application/x-www-form-urlencoded` and `multipart/form-data` bodies are decoded, and an `application/json`
    /// body's top-level string, number and boolean members (`JSONBodyForm`); any other body (text, `+json` types,
    /// none) is not a parameter source and is ignored (docs/api.md §1). The parameter-count limit covers the query
    /// string and a url-encoded or JSON body together; multipart bodies are bounded by their part limits.
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
        case "application/json":
            // Only the exact type, not RFC 6839 `+json` suffixes: a suffix says the bytes parse as JSON, not that
            // the top-level members are form fields (`application/vnd.api+json` nests them under `data`).
            try JSONBodyForm.decode(body, into: &fields, maxCount: limits.maxParameters)
            return HTTPParameters(fields: fields)
        default:
            return HTTPParameters(fields: fields)
        }
    }
}
