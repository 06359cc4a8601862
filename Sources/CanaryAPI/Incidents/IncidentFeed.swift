/// The three incident feeds (docs/incident-endpoints.md "Feeds").
package enum IncidentFeed: Int, Sendable, Equatable, CaseIterable {
    /// `GET /api/v1/incidents/unacknowledged`.
    case unacknowledged = 0
    /// `GET /api/v1/incidents/acknowledged`.
    case acknowledged = 1
    /// `GET /api/v1/incidents/all`.
    case all = 2

    /// The `feed` member of the answer (https://docs.canary.tools/incidents/queries.html).
    package var name: String {
        switch self {
        case .unacknowledged: "Unacknowledged Incidents"
        case .acknowledged: "Acknowledged Incidents"
        case .all: "All Incidents"
        }
    }

    /// The feed's path.
    package var path: String {
        switch self {
        case .unacknowledged: "/api/v1/incidents/unacknowledged"
        case .acknowledged: "/api/v1/incidents/acknowledged"
        case .all: "/api/v1/incidents/all"
        }
    }

    /// The acknowledged state the feed selects; nil for both.
    package var acknowledged: Bool? {
        switch self {
        case .unacknowledged: false
        case .acknowledged: true
        case .all: nil
        }
    }
}
