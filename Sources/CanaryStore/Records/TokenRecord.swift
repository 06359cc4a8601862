/// A stored token with its kind-specific attributes (uploaded files are read separately).
package struct TokenRecord: Sendable, Equatable {
    /// The token id, the primary key.
    package var canarytoken: String
    /// The token kind.
    package var kind: String
    /// The memo.
    package var memo: String
    /// The flock the token belongs to.
    package var flockID: String
    /// Creation time in microseconds since the Unix epoch.
    package var createdMicros: Int64
    /// Whether the token is enabled (true at creation).
    package var enabled: Bool
    /// How many times the token has triggered (0 at creation).
    package var triggeredCount: Int
    /// The console-wide change counter's value at this token's last change.
    package var updatedID: Int
    /// The token URL.
    package var url: String
    /// The token hostname.
    package var hostname: String
    /// The factory auth string the token was made through, if any.
    package var factoryAuth: String?
    /// Kind-specific text fields.
    package var attributes: [String: String]

    /// Makes a token record.
    package init(
        canarytoken: String,
        kind: String,
        memo: String,
        flockID: String,
        createdMicros: Int64,
        enabled: Bool,
        triggeredCount: Int,
        updatedID: Int,
        url: String,
        hostname: String,
        factoryAuth: String?,
        attributes: [String: String]
    ) {
        self.canarytoken = canarytoken
        self.kind = kind
        self.memo = memo
        self.flockID = flockID
        self.createdMicros = createdMicros
        self.enabled = enabled
        self.triggeredCount = triggeredCount
        self.updatedID = updatedID
        self.url = url
        self.hostname = hostname
        self.factoryAuth = factoryAuth
        self.attributes = attributes
    }
}
