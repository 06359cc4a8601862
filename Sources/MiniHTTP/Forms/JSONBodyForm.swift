/// Reads the top-level members of an `application/json` object body as parameters (docs/api.md §1).
///
/// Lenient in what it skips, strict in what it keeps: a body that is empty, not JSON (RFC 8259, read by the strict
/// `JSONReader`) or not an object gives no parameters and no error, because a connector sends
/// `Content-Type: application/json` with no body on POST. Only string, number and boolean members become
/// parameters; `null`, arrays and nested objects are skipped silently.
package enum JSONBodyForm {
    /// Largest JSON body read for parameters. The reader builds the whole document before the members are counted,
    /// so a body's size, not `maxParameters`, bounds that work; connectors send small objects. Over it: 413.
    package static let maxBodyBytes = 64 * 1024
    /// Deepest nesting read: only top-level members become parameters, and the document is parsed on a connection
    /// thread's 1 MiB stack. Deeper bodies are not JSON objects to this reader, so they give no parameters.
    package static let maxDepth = 32

    /// Appends the object's parameter members to `fields`.
    ///
    /// Members come in key order (by code point, as `JSONWriter` sorts them): the reader keeps no member order.
    /// A key given twice keeps its last value, as Python's `json.loads` does. Values: a string as is; a number in
    /// the form Python's `json.dumps` writes it (`10`, `1.5`, `100.0` for `1e2`; integers past 64 bits read as
    /// doubles, `1.2345678901234567e+19`), which is the text a Python client sent for its own numbers; a boolean
    /// as `true` or `false`.
    /// - Parameters:
    ///   - bytes: the body.
    ///   - fields: the fields so far (the query string's); the count limit covers them too.
    ///   - maxCount: the most fields `fields` may hold afterwards (`HTTPLimits.maxParameters`).
    /// - Throws: `.tooManyParameters` when the body is over `maxBodyBytes` or the members that become parameters
    ///   pass `maxCount`; nothing else.
    package static func decode(
        _ bytes: [UInt8], into fields: inout [HTTPParameters.Field], maxCount: Int
    ) throws(ParameterError) {
        guard bytes.count <= maxBodyBytes else { throw .tooManyParameters }
        guard let value = try? JSONReader.parse(bytes, maximumDepth: maxDepth), case .object(let members) = value else {
            return
        }
        for name in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let member = members[name], let text = parameterText(member) else { continue }
            guard fields.count < maxCount else { throw .tooManyParameters }
            fields.append(HTTPParameters.Field(name: name, value: text))
        }
    }

    /// The parameter text of a member, or `nil` for a member that is not a parameter (null, array, object).
    static func parameterText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double: String(decoding: JSONWriter.encode(value), as: UTF8.self)
        case .null, .array, .object: nil
        }
    }
}
