/// A flock as stored: a named group of tokens.
package struct FlockRecord: Sendable, Equatable, Hashable {
    /// `flock:default`, or `flock:` + 32 lowercase hex.
    package var flockID: String
    /// Display name, e.g. `Default Flock`.
    package var name: String
    /// Creation time in microseconds since the Unix epoch.
    package var createdMicros: Int64

    /// Makes a flock record.
    package init(flockID: String, name: String, createdMicros: Int64) {
        self.flockID = flockID
        self.name = name
        self.createdMicros = createdMicros
    }
}
