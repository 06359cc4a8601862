/// One entry of the ignore list (docs/api.md §7.6): hits from this source make no incident.
package struct IgnoreEntry: Sendable, Equatable, Hashable {
    /// The source address as the client gave it (`10.0.0.1`).
    package var srcIP: String
    /// The port the entry is limited to; nil: every port.
    package var dstPort: Int?

    /// Makes an entry.
    package init(srcIP: String, dstPort: Int? = nil) {
        self.srcIP = srcIP
        self.dstPort = dstPort
    }

    /// Whether a hit from `srcIP` (on `port`, when the channel knows it) matches this entry: the address must be
    /// equal; an entry with a port matches only a hit whose port is known and equal.
    package func matches(srcIP: String, port: Int?) -> Bool {
        guard srcIP == self.srcIP else { return false }
        guard let dstPort else { return true }
        return port == dstPort
    }
}
