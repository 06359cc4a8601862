import MiniHTTP

/// The fields of a control-API request, from a JSON object body or from query and form parameters alike, read
/// by the same `JSONObjectReader` as the config and seed files (in its control-request wording), with errors that
/// name the field.
package struct ControlInput {
    /// The fields as one entry in the control API's wording (`BirdFields` reads a whole bird from it).
    package let reader: JSONObjectReader

    /// Reads the request: a JSON body (`Content-Type: application/json`, or a body starting with `{`) must be one
    /// object; otherwise the query and form parameters are the fields (as strings).
    package init(_ request: HTTPRequest, limits: HTTPLimits) throws(APIError) {
        let first = request.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        var values: [String: JSONValue] = [:]
        if request.mediaType == "application/json" || first == UInt8(ascii: "{") {
            guard let value = try? JSONReader.parse(request.body), let object = value.objectValue else {
                throw .invalidControlRequest("The body must be one JSON object.")
            }
            values = object
            var queryOnly = request
            queryOnly.body = []
            queryOnly.headers.remove("Content-Type")
            if let query = try? queryOnly.parameters(limits: limits) {
                for field in query.fields where values[field.name] == nil { values[field.name] = .string(field.value) }
            }
        } else {
            let parameters: HTTPParameters
            do { parameters = try request.parameters(limits: limits) } catch { throw APIError(error) }
            for field in parameters.fields where values[field.name] == nil { values[field.name] = .string(field.value) }
        }
        reader = JSONObjectReader(source: "request", object: values, dialect: .controlRequest)
    }

    /// The field names given.
    package var names: Set<String> { Set(reader.object.keys) }

    /// A text field, or `nil` when absent or null.
    package func string(_ name: String) throws(APIError) -> String? {
        try answer { () throws(ConfigurationError) in try reader.string(name) }
    }

    /// A whole number in `range`, given as a JSON number or as digits.
    package func int(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        try answer { () throws(ConfigurationError) in try reader.integer(name, in: range) }
    }

    /// A number in `range`.
    package func double(_ name: String, in range: ClosedRange<Double>) throws(APIError) -> Double? {
        try answer { () throws(ConfigurationError) in try reader.number(name, in: range) }
    }

    /// A boolean: JSON `true`/`false`, or `true`/`false`/`1`/`0` as text.
    package func bool(_ name: String) throws(APIError) -> Bool? {
        try answer { () throws(ConfigurationError) in try reader.bool(name) }
    }

    /// A JSON object field: an object in a JSON body, or its JSON text in a query or form field; nil when absent.
    package func object(_ name: String) throws(APIError) -> [String: JSONValue]? {
        guard let value = reader.value(name) else { return nil }
        switch value {
        case .object(let members):
            return members
        case .string(let text):
            if let parsed = try? JSONReader.parse(Array(text.utf8)), case .object(let members) = parsed { return members }
        default:
            break
        }
        throw .invalidControlRequest("\(name) must be a JSON object.")
    }

    /// Fails on a field outside `known`, so a typo is an error rather than a silently ignored setting.
    package func rejectUnknown(_ known: Set<String>) throws(APIError) {
        try answer { () throws(ConfigurationError) in try reader.rejectUnknown(known) }
    }

    /// The reader's problem as the control API's 400 (its message is already the control API's sentence).
    private func answer<Value>(_ read: () throws(ConfigurationError) -> Value) throws(APIError) -> Value {
        do {
            return try read()
        } catch {
            throw .invalidControlRequest(error.message)
        }
    }
}
