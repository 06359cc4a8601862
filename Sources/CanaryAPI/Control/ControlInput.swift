import MiniHTTP

/// The fields of a control-API request, from a JSON object body or from query and form parameters alike, with
/// typed lookups that name the field in their error.
package struct ControlInput {
    private let values: [String: JSONValue]

    /// Reads the request: a JSON body (`Content-Type: application/json`, or a body starting with `{`) must be one
    /// object; otherwise the query and form parameters are the fields (as strings).
    package init(_ request: HTTPRequest, limits: HTTPLimits) throws(APIError) {
        let first = request.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if request.mediaType == "application/json" || first == UInt8(ascii: "{") {
            guard let value = try? JSONReader.parse(request.body), let object = value.objectValue else {
                throw .invalidControlRequest("The body must be one JSON object.")
            }
            var values = object
            var queryOnly = request
            queryOnly.body = []
            queryOnly.headers.remove("Content-Type")
            if let query = try? queryOnly.parameters(limits: limits) {
                for field in query.fields where values[field.name] == nil { values[field.name] = .string(field.value) }
            }
            self.values = values
        } else {
            let parameters: HTTPParameters
            do { parameters = try request.parameters(limits: limits) } catch { throw APIError(error) }
            var values: [String: JSONValue] = [:]
            for field in parameters.fields where values[field.name] == nil { values[field.name] = .string(field.value) }
            self.values = values
        }
    }

    /// The field names given.
    package var names: Set<String> { Set(values.keys) }

    /// A text field, or `nil` when absent or null.
    package func string(_ name: String) throws(APIError) -> String? {
        guard let value = values[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalidControlRequest("\(name) must be a string.") }
        return text
    }

    /// A whole number in `range`, given as a JSON number or as digits.
    package func int(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = values[name], !value.isNull else { return nil }
        let number = value.intValue ?? value.stringValue.flatMap { Int($0) }
        guard let number, range.contains(number) else {
            throw .invalidControlRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// A number in `range`.
    package func double(_ name: String, in range: ClosedRange<Double>) throws(APIError) -> Double? {
        guard let value = values[name], !value.isNull else { return nil }
        let number = value.doubleValue ?? value.stringValue.flatMap { Double($0) }
        guard let number, number.isFinite, range.contains(number) else {
            throw .invalidControlRequest("\(name) must be a number from \(range.lowerBound) to \(range.upperBound).")
        }
        return number
    }

    /// A boolean: JSON `true`/`false`, or `true`/`false`/`1`/`0` as text.
    package func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = values[name], !value.isNull else { return nil }
        if let flag = value.boolValue { return flag }
        guard let text = value.stringValue, let flag = Validation.parseBoolean(text) else {
            throw .invalidControlRequest("\(name) must be true or false.")
        }
        return flag
    }

    /// Fails on a field outside `known`, so a typo is an error rather than a silently ignored setting.
    package func rejectUnknown(_ known: Set<String>) throws(APIError) {
        if let unknown = names.subtracting(known).sorted().first {
            throw .invalidControlRequest("Unknown field \(unknown); known fields: \(known.sorted().joined(separator: ", ")).")
        }
    }
}
