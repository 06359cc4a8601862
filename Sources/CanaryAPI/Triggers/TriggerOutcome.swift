import CanaryStore

/// What the pipeline did with a trigger. Only `recorded` wrote anything.
package enum TriggerOutcome: Sendable, Equatable {
    /// No token has this id: nothing recorded (the channel still answers as for a token).
    case unknownToken
    /// The token is disabled: nothing recorded.
    case disabledToken
    /// The source is on the ignore list: nothing recorded.
    case ignoredSource
    /// The event is committed; the incident as stored with this event only in `events` (read the incident for all
    /// of them), and whether this event opened it.
    case recorded(IncidentRecord, opened: Bool)

    /// The incident, when one was recorded.
    package var incident: IncidentRecord? {
        if case .recorded(let incident, _) = self { return incident }
        return nil
    }
}
