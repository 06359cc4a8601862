import CanaryStore

/// The token memos and flock names an answer's incidents show, read once per distinct id per answer rather than
/// once per incident or event.
package struct IncidentNames: Sendable, Equatable {
    private var memos: [String: String]
    private var flockNames: [String: String]

    /// Names given directly (tests).
    package init(memos: [String: String] = [:], flockNames: [String: String] = [:]) {
        self.memos = memos
        self.flockNames = flockNames
    }

    /// Reads the memo of every distinct `node_id` and, when there is any incident, the flock list.
    package static func load(for incidents: [IncidentRecord], _ context: ConsoleContext) throws(APIError) -> IncidentNames {
        guard !incidents.isEmpty else { return IncidentNames() }
        var memos: [String: String] = [:]
        for nodeID in Set(incidents.map(\.nodeID)) {
            if let memo = try context.read("incident token", { store in try store.token(nodeID)?.memo }) {
                memos[nodeID] = memo
            }
        }
        let flocks = try context.read("flocks") { store in try store.flocks() }
        var flockNames: [String: String] = [:]
        for flock in flocks { flockNames[flock.flockID] = flock.name }
        return IncidentNames(memos: memos, flockNames: flockNames)
    }

    /// The token's current memo; "" when the mock has no token with this id.
    package func memo(_ nodeID: String) -> String { memos[nodeID] ?? "" }

    /// The flock's name; "" when the flock is unknown.
    package func flockName(_ flockID: String) -> String { flockNames[flockID] ?? "" }
}
