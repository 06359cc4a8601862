import CanaryStore
/// Everything the mock is told at start (docs/api.md §5), after flags, environment, file and defaults are merged.
package struct MockConfiguration: Sendable, Equatable {
    /// A flock to exist from the start (the config file's `flocks` entries are seed-file flock entries).
    package typealias Flock = SeedFile.Flock
    /// A factory auth string to exist from the start (the config file's `factories` entries are seed-file
    /// factory entries).
    package typealias Factory = SeedFile.Factory

    /// How errors choose their HTTP status.
    package enum ErrorStatusMode: String, Sendable, Equatable {
        /// The statuses of docs/api.md §1 (400, 401, 404, …).
        case http
        /// Every API error answered with 200, for clients written against servers that do that.
        case always200 = "200"
    }

    /// The auth token used when none is configured, logged at start so a newcomer can call the API at once.
    package static let defaultAuthToken = "canary-mock-auth-token"
    /// The built-in token domain.
    package static let defaultTokenDomain = "canarytokens.localhost"

    /// Address to listen on.
    package var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    package var port = 8080
    /// SQLite file, or `:memory:`.
    package var database = "canary-mock.sqlite3"
    /// Accepted API keys.
    package var authTokens = [MockConfiguration.defaultAuthToken]
    /// Whether `authTokens` is the built-in default (so start-up logs it).
    package var usesDefaultAuthToken = true
    /// Flocks created on start if missing.
    package var flocks: [Flock] = []
    /// Domain for token host names and URLs.
    package var tokenDomain = MockConfiguration.defaultTokenDomain
    /// The scheme, host and port token URLs (and the files built from them) start with; nil: `http://<tokenDomain>`.
    /// `http://127.0.0.1:8080` makes a downloaded document, opened by a real program, trigger this mock itself.
    package var tokenURLBase: String?
    /// The base token URLs use: `tokenURLBase`, or `http://<tokenDomain>`.
    package var effectiveTokenURLBase: String { tokenURLBase ?? "http://\(tokenDomain)" }
    /// UDP port of the DNS responder; nil: no responder; 0 picks a free port (docs/api.md §7.3).
    package var dnsPort: Int?
    /// The IPv4 address DNS A answers carry.
    package var dnsAnswerIP = "127.0.0.1"
    /// Events of one token from one source IP join the open incident when its last event is less than this old.
    package var incidentWindowSeconds = 60
    /// Sources whose hits make no incident, added at start and on every reset (docs/api.md §7.6).
    package var ignoreList: [IgnoreEntry] = []
    /// Generic webhooks every new incident is POSTed to (docs/webhooks.md).
    package var webhooks: [WebhookTarget] = []
    /// The JSON type of a webhook body's `Triggered` (docs/webhooks.md).
    package var webhookTriggeredType = WebhookBody.TriggeredType.string
    /// Factory auth strings created on start if missing.
    package var factories: [Factory] = []
    /// Birds created at start if missing (docs/birds.md).
    package var devices: [BirdFields] = []
    /// Kinds the factory endpoint accepts.
    package var factoryKinds: [String] = KindsTable.defaultFactoryKinds
    /// Error status mode.
    package var errorStatus = ErrorStatusMode.http
    /// Most simultaneous connections.
    package var maxConnections = 512
    /// Most simultaneous connections from one client address; nil: half of `maxConnections` (see `HTTPServer`).
    package var maxConnectionsPerPeer: Int?
    /// Seconds a stop waits for open requests before it closes what remains (`docker stop` kills after 10).
    package var stopGraceSeconds = 5
    /// Largest request body in bytes.
    package var maxBodyBytes = 8 * 1024 * 1024
    /// Lines below this level are not logged.
    package var logLevel = Logger.Level.info
    /// Text or JSON log lines.
    package var logFormat = Logger.Format.text
    /// Largest journal size accepted.
    package static let maxJournalSize = 100_000
    /// Requests kept by the journal (`/_mock/requests`); 0 keeps none.
    package var journalSize = 1000
    /// When set, every `/_mock/` endpoint but health needs the header `X-Mock-Admin-Token` with this value.
    package var adminToken: String?
    /// A JSON file of flocks, factories and tokens loaded at start and on `POST /_mock/reset?reseed=true`.
    package var seedPath: String?

    /// Checks a `token_url_base`: `http://` or `https://`, a host (and port), no path, query or trailing slash.
    /// - Returns: the value as given.
    package static func tokenURLBase(
        _ value: String, _ problem: (String) -> ConfigurationError
    ) throws(ConfigurationError) -> String {
        let rest = value.hasPrefix("https://") ? value.dropFirst(8) : value.hasPrefix("http://") ? value.dropFirst(7) : nil
        guard let rest, !rest.isEmpty, Validation.isTokenURL(value),
            !rest.contains(where: { "/?#@".contains($0) })
        else {
            throw problem("must be http:// or https:// and a host with an optional port, no path, such as "
                + "http://127.0.0.1:8080, got \"\(value)\"")
        }
        return value
    }

    /// The built-in defaults.
    package init() {}

    /// The configured flocks, factories and birds as a seed without tokens: they are stored by the same path as a seed
    /// file's (`SeedFile.Prepared.write`).
    package var seed: SeedFile {
        var seed = SeedFile(path: "configuration", flocks: flocks, factories: factories, tokens: [])
        seed.ignoreList = ignoreList
        seed.devices = devices
        return seed
    }
}
