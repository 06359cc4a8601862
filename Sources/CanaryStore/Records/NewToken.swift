/// Everything needed to store a new token; the store adds `enabled`, `triggeredCount` and `updatedID`.
package struct NewToken: Sendable, Equatable {
    /// The token id (25 characters of `0-9a-z`), the primary key.
    package var canarytoken: String
    /// The token kind, e.g. `http`, `aws-id`.
    package var kind: String
    /// The memo given at creation.
    package var memo: String
    /// The flock the token belongs to; must exist.
    package var flockID: String
    /// Creation time in microseconds since the Unix epoch.
    package var createdMicros: Int64
    /// The token URL.
    package var url: String
    /// The token hostname.
    package var hostname: String
    /// The factory auth string the token was made through, if any; must exist.
    package var factoryAuth: String?
    /// Kind-specific text fields (which ones is the API layer's decision).
    package var attributes: [String: String]
    /// Uploaded files, stored with the token and read back with `ConsoleStore.tokenFile(_:name:)`.
    package var files: [TokenFile]

    /// Makes a new-token value; `factoryAuth`, `attributes` and `files` default to none.
    package init(
        canarytoken: String,
        kind: String,
        memo: String,
        flockID: String,
        createdMicros: Int64,
        url: String,
        hostname: String,
        factoryAuth: String? = nil,
        attributes: [String: String] = [:],
        files: [TokenFile] = []
    ) {
        self.canarytoken = canarytoken
        self.kind = kind
        self.memo = memo
        self.flockID = flockID
        self.createdMicros = createdMicros
        self.url = url
        self.hostname = hostname
        self.factoryAuth = factoryAuth
        self.attributes = attributes
        self.files = files
    }
}
