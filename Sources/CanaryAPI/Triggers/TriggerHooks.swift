import CanaryStore

/// The pipeline's two extension points (docs/triggers.md): the ignore list decides before anything is written, and
/// a newly opened incident is handed on (webhooks) after it is committed. Both must return quickly: they run on the
/// channel's thread, before its answer.
package struct TriggerHooks: Sendable {
    /// Whether a source IP (and port, when the channel knows it) is on the ignore list.
    package var isIgnored: @Sendable (_ srcIP: String, _ srcPort: Int?) -> Bool
    /// Called once for each incident an event opened, after the commit.
    package var incidentOpened: @Sendable (IncidentRecord) -> Void

    /// Hooks that ignore nothing and send nothing.
    package static let none = TriggerHooks(isIgnored: { _, _ in false }, incidentOpened: { _ in })

    /// Makes hooks.
    package init(
        isIgnored: @escaping @Sendable (_ srcIP: String, _ srcPort: Int?) -> Bool,
        incidentOpened: @escaping @Sendable (IncidentRecord) -> Void
    ) {
        self.isIgnored = isIgnored
        self.incidentOpened = incidentOpened
    }
}
