import MiniHTTP

/// Reading the incident endpoints' parameters; a malformed value is `Parameter <name> was invalid.`, the form of
/// the Console's `older_than` message (docs/incident-endpoints.md "Errors").
package enum IncidentParameters {
    /// The largest page; a larger `limit` is clamped to it.
    package static let maxLimit = 10_000
    /// The longest `filter_str`, in characters.
    package static let maxFilterLength = 1_024
    /// The longest `node_id`, `flock_id` or `src_host` filter, in UTF-8 bytes.
    package static let maxIDLength = 1_024

    /// A non-empty value, or nil when the parameter is absent or empty.
    package static func text(_ parameters: HTTPParameters, _ name: String) -> String? {
        guard let value = parameters[name], !value.isEmpty else { return nil }
        return value
    }

    /// A non-empty identifier filter of at most `maxIDLength` bytes.
    package static func identifier(_ parameters: HTTPParameters, _ name: String) throws(APIError) -> String? {
        guard let value = text(parameters, name) else { return nil }
        guard value.utf8.count <= maxIDLength else { throw .invalidParameter(name) }
        return value
    }

    /// A decimal integer in `range`, or nil when absent or empty.
    package static func integer(
        _ parameters: HTTPParameters, _ name: String, in range: ClosedRange<Int>
    ) throws(APIError) -> Int? {
        guard let value = text(parameters, name) else { return nil }
        guard value.utf8.count <= 18, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(value), range.contains(number)
        else { throw .invalidParameter(name) }
        return number
    }

    /// `limit`: a positive integer, clamped to `maxLimit`; nil when absent.
    package static func limit(_ parameters: HTTPParameters) throws(APIError) -> Int? {
        try integer(parameters, "limit", in: 1...Int(Int32.max)).map { min($0, maxLimit) }
    }

    /// A `yyyy-mm-dd-hh:mm:ss` date as seconds since the Unix epoch, or nil when absent.
    package static func date(_ parameters: HTTPParameters, _ name: String) throws(APIError) -> Int64? {
        guard let value = text(parameters, name) else { return nil }
        guard let seconds = IncidentDate.parse(value) else { throw .invalidParameter(name) }
        return seconds
    }

    /// A comma-separated list without empty items (spaces and tabs around items are dropped); nil when absent or empty.
    package static func list(_ parameters: HTTPParameters, _ name: String) -> [String]? {
        guard let value = text(parameters, name) else { return nil }
        let items = value.split(separator: ",").map { String($0.trimmingASCIIWhitespace()) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }

    /// `filter_str`: at most `maxFilterLength` characters; nil when absent or empty.
    package static func filterText(_ parameters: HTTPParameters) throws(APIError) -> String? {
        guard let value = text(parameters, "filter_str") else { return nil }
        guard value.count <= maxFilterLength else { throw .invalidParameter("filter_str") }
        return value
    }

    /// A boolean flag: `true`, `True`, `1`, `yes` (any case) are true; anything else, or absence, false.
    package static func flag(_ parameters: HTTPParameters, _ name: String) -> Bool {
        guard let value = parameters[name] else { return false }
        return ["true", "1", "yes"].contains(value.lowercased())
    }
}
