import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Incidents made the way the channels make them: through the test console's trigger pipeline, at times relative to
/// its fixed clock.
extension TestConsole {
    /// The incident endpoints' paths.
    enum IncidentPaths {
        static let unacknowledged = "/api/v1/incidents/unacknowledged"
        static let acknowledged = "/api/v1/incidents/acknowledged"
        static let all = "/api/v1/incidents/all"
        static let search = "/api/v1/incidents/search"
        static let fetch = "/api/v1/incident/fetch"
        static let acknowledge = "/api/v1/incident/acknowledge"
        static let unacknowledge = "/api/v1/incident/unacknowledge"
        static let delete = "/api/v1/incident/delete"
        static let bulkAcknowledge = "/api/v1/incidents/acknowledge"
        static let bulkUnacknowledge = "/api/v1/incidents/unacknowledge"
        static let bulkDelete = "/api/v1/incidents/delete"
    }

    /// Records one hit on `token` from `ip`, `seconds` after the fixed clock, and returns the incident it joined or
    /// opened.
    @discardableResult
    func trigger(
        _ token: String, ip: String = "1.2.3.4", at seconds: Int64 = 0, fields: [String: JSONValue] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> IncidentRecord {
        let outcome = try context.triggers.record(
            Trigger(canarytoken: token, srcIP: ip, timeMicros: TestConsole.now + seconds * 1_000_000, fields: fields))
        guard case .recorded(let incident, _) = outcome else {
            Issue.record("not recorded: \(outcome)", sourceLocation: sourceLocation)
            throw ConfigurationError("trigger not recorded")
        }
        return incident
    }

    /// `n` incidents on one new http token, each from its own source, a minute apart; their keys in `updated_id`
    /// order.
    func incidents(_ count: Int, memo: String = "test memo") throws -> (token: String, keys: [String]) {
        let token = try createToken(kind: "http", memo: memo).id
        let keys = try (0..<count).map { index in try trigger(token, ip: "10.0.0.\(index + 1)", at: Int64(index) * 120).key }
        return (token, keys)
    }

    /// A GET of an incident endpoint with parameters in the query string.
    func get(_ path: String, _ parameters: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> Reply
    {
        try call(.get, path, parameters, via: .query, sourceLocation: sourceLocation)
    }

    /// Follows an absolute `next_link`/`prev_link` exactly as given (the link carries its own `auth_token`).
    func follow(_ link: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        let prefix = "http://localhost"
        #expect(link.hasPrefix(prefix + "/api/v1/"), "\(link)", sourceLocation: sourceLocation)
        let target = String(link.dropFirst(prefix.count))
        return try send(
            HTTPRequest(method: .get, target: target, headers: HTTPHeaders([("Host", "localhost")])),
            sourceLocation: sourceLocation)
    }
}

extension Reply {
    /// The `id`s of the answer's `incidents`, in order.
    var incidentIDs: [String] {
        (json["incidents"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue ?? $0["incident_key"]?.stringValue }
    }

    /// `cursor.next`, nil when null or absent.
    var next: String? { json["cursor"]?["next"]?.stringValue }
    /// `cursor.next_link`.
    var nextLink: String? { json["cursor"]?["next_link"]?.stringValue }
    /// `cursor.prev`.
    var prev: String? { json["cursor"]?["prev"]?.stringValue }
    /// `cursor.prev_link`.
    var prevLink: String? { json["cursor"]?["prev_link"]?.stringValue }
}

/// The incident endpoints' error messages.
enum IncidentMessage {
    static let notFound = "Incident not found"
    static let srcHostWithNodeID = "Cannot use src_host and node_id together"
    static let olderThan = "Parameter older_than was invalid."
    static func invalid(_ name: String) -> String { "Parameter \(name) was invalid." }
}
