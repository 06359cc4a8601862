import CanaryStore
import MiniHTTP

/// The selection of the bulk endpoints (`incidents/acknowledge`, `unacknowledge`, `delete`;
/// https://docs.canary.tools/incidents/actions.html): `flock_id`, `node_id`, `src_host`, `older_than` (`<n>h|d|w`),
/// `filter_str`, `filter_logtypes` and `incident_key`, all optional; none selects every incident.
package enum IncidentSelection {
    /// The filter the parameters select.
    /// - Parameter nowMicros: the console's now, which `older_than` counts back from.
    /// - Throws: `Cannot use src_host and node_id together`; `Parameter older_than was invalid.`;
    ///   `Parameter filter_str was invalid.` past 1,024 characters; `Parameter <name> was invalid.` for an
    ///   identifier over 1,024 bytes.
    package static func filter(_ parameters: HTTPParameters, nowMicros: Int64) throws(APIError) -> IncidentFilter {
        // A selection parameter that is sent selects, even when empty: a script whose variable came out empty, or a
        // poller joining the keys of an empty page, must not act on every incident. `node_id=` matches no incident,
        // `incident_key=` selects none, `older_than=` is invalid. Only `filter_str` empty is no filter (every text
        // contains the empty one).
        var filter = IncidentFilter()
        filter.nodeID = try given(parameters, "node_id")
        filter.srcHost = try given(parameters, "src_host")
        if filter.nodeID != nil, filter.srcHost != nil { throw .srcHostWithNodeID }
        filter.flockID = try given(parameters, "flock_id")
        if let text = parameters["older_than"] {
            guard let age = ageMicros(text) else { throw .invalidParameter("older_than") }
            // `0h` selects everything (the docs' example for "all").
            if age > 0 { filter.createdBeforeMicros = nowMicros - age }
        }
        filter.text = try IncidentParameters.filterText(parameters)
        filter.logtypes = parameters["filter_logtypes"].map(items)
        filter.keys = parameters["incident_key"].map(items)
        return filter
    }

    /// A selection identifier as sent, empty included, of at most `IncidentParameters.maxIDLength` bytes.
    private static func given(_ parameters: HTTPParameters, _ name: String) throws(APIError) -> String? {
        guard let value = parameters[name] else { return nil }
        guard value.utf8.count <= IncidentParameters.maxIDLength else { throw .invalidParameter(name) }
        return value
    }

    /// The items of a comma-separated list, spaces and tabs around them dropped, empty items skipped (so an empty
    /// value is an empty list, which selects nothing).
    private static func items(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0.trimmingASCIIWhitespace()) }.filter { !$0.isEmpty }
    }

    /// The longest `older_than` count: ten years of hours, and more than any weeks a client would send.
    private static let maxCount = 87_600

    /// `<n>h`, `<n>d` or `<n>w` in microseconds, or nil for anything else.
    package static func ageMicros(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2, text.count <= 7 else { return nil }
        let digits = text.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits), count <= maxCount
        else { return nil }
        let hour: Int64 = 3_600 * 1_000_000
        switch unit {
        case "h": return count * hour
        case "d": return count * 24 * hour
        case "w": return count * 7 * 24 * hour
        default: return nil
        }
    }
}
