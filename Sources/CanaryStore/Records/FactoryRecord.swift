/// A token factory auth string with its memo, flock and lifecycle times.
package struct FactoryRecord: Sendable, Equatable, Hashable {
    /// The factory auth string (the factory's only credential).
    package var factoryAuth: String
    /// The memo given when the factory was created.
    package var memo: String
    /// The flock that tokens made through this factory join by default.
    package var flockID: String
    /// Creation time in microseconds since the Unix epoch.
    package var createdMicros: Int64
    /// Deletion time in microseconds since the Unix epoch, or nil while the factory is live.
    package var deletedMicros: Int64?

    /// Whether the factory has been deleted (and so no longer authenticates).
    package var isDeleted: Bool { deletedMicros != nil }

    /// Makes a factory record; `deletedMicros` defaults to nil (live).
    package init(factoryAuth: String, memo: String, flockID: String, createdMicros: Int64, deletedMicros: Int64? = nil) {
        self.factoryAuth = factoryAuth
        self.memo = memo
        self.flockID = flockID
        self.createdMicros = createdMicros
        self.deletedMicros = deletedMicros
    }
}
