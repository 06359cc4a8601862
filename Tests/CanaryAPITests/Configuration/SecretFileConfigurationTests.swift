import CanaryAPI
import Testing

@Suite("Admin and auth tokens from files; every configuration error names its file, key and problem")
struct SecretFileConfigurationTests {
    /// Loads with in-memory files by path.
    static func load(
        _ arguments: [String], environment: [String: String] = [:], files: [String: String]
    ) throws(ConfigurationError) -> MockConfiguration {
        let command = try ConfigurationLoader.load(arguments: arguments, environment: environment) {
            (path: String) throws(ConfigurationError) in
            guard let text = files[path] else { throw ConfigurationError("config file \(path): cannot open: No such file or directory") }
            return Array(text.utf8)
        }
        guard case .serve(let configuration) = command else { throw ConfigurationError("not serve") }
        return configuration
    }

    static let files = ["admin": "from-file\n", "admin2": "second\r\n", "keys": "key-one\nkey-two\n"]

    @Test("--admin-token-file reads the token with its trailing newline (LF or CRLF) trimmed")
    func adminFile() throws {
        #expect(try Self.load(["--admin-token-file", "admin"], files: Self.files).adminToken == "from-file")
        #expect(try Self.load(["--admin-token-file=admin2"], files: Self.files).adminToken == "second")
        #expect(try Self.load([], environment: ["CANARY_MOCK_ADMIN_TOKEN_FILE": "admin"], files: Self.files).adminToken == "from-file")
        let config = ["c.json": #"{"admin_token_file": "admin"}"#, "admin": "in-config\n"]
        #expect(try Self.load(["--config", "c.json"], files: config).adminToken == "in-config")
        // Relative to the config file's directory, as seed is.
        let nested = ["etc/c.json": #"{"admin_token_file": "admin"}"#, "etc/admin": "nested\n"]
        #expect(try Self.load(["--config", "etc/c.json"], files: nested).adminToken == "nested")
    }

    @Test("Precedence: flags (value or file), then variables (value or file), then the config file")
    func precedence() throws {
        let files = Self.files.merging(["c.json": #"{"admin_token": "from-config"}"#]) { $1 }
        let environment = ["CANARY_MOCK_ADMIN_TOKEN": "from-env"]
        #expect(try Self.load(["--config", "c.json", "--admin-token-file", "admin"], environment: environment, files: files)
            .adminToken == "from-file")
        #expect(try Self.load(["--config", "c.json"], environment: ["CANARY_MOCK_ADMIN_TOKEN_FILE": "admin2"], files: files)
            .adminToken == "second")
        #expect(try Self.load(["--config", "c.json"], environment: environment, files: files).adminToken == "from-env")
        #expect(try Self.load(["--config", "c.json", "--admin-token", "flag"], environment: ["CANARY_MOCK_ADMIN_TOKEN_FILE": "admin"],
                              files: files).adminToken == "flag")
        #expect(try Self.load(["--config", "c.json"], files: files).adminToken == "from-config")
    }

    @Test("--auth-token-file reads one API key a line")
    func authFile() throws {
        let configuration = try Self.load(["--auth-token-file", "keys"], files: Self.files)
        #expect(configuration.authTokens == ["key-one", "key-two"])
        #expect(!configuration.usesDefaultAuthToken)
        let config = ["c.json": #"{"auth_tokens_file": "keys"}"#, "keys": "k\n"]
        #expect(try Self.load(["--config", "c.json"], files: config).authTokens == ["k"])
    }

    /// Arguments, files, and the exact error.
    struct Bad: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        var environment: [String: String] = [:]
        let files: [String: String]
        let message: String
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(arguments: ["--admin-token-file", "gone"], files: [:],
            message: "flag --admin-token-file: admin token file gone: cannot open: No such file or directory"),
        Bad(arguments: [], environment: ["CANARY_MOCK_ADMIN_TOKEN_FILE": "gone"], files: [:],
            message: "environment variable CANARY_MOCK_ADMIN_TOKEN_FILE: admin token file gone: cannot open: No such file or directory"),
        Bad(arguments: ["--admin-token-file", "empty"], files: ["empty": "\n"],
            message: "flag --admin-token-file: admin token file empty: is empty"),
        Bad(arguments: ["--admin-token-file", "two"], files: ["two": "a\nb\n"],
            message: "flag --admin-token-file: admin token file two: must hold one line, found 2"),
        Bad(arguments: ["--admin-token-file", "tab"], files: ["tab": "a\tb\n"],
            message: "flag --admin-token-file: admin token file tab: holds a control character"),
        Bad(arguments: ["--admin-token-file", "a", "--admin-token", "b"], files: ["a": "x"],
            message: "flag --admin-token and flag --admin-token-file: give only one"),
        Bad(arguments: ["--admin-token-file="], files: [:], message: "flag --admin-token-file: empty path"),
        Bad(arguments: ["--auth-token-file", "gone"], files: [:],
            message: "flag --auth-token-file: auth token file gone: cannot open: No such file or directory"),
        Bad(arguments: ["--config", "c.json"], files: ["c.json": #"{"admin_token_file": "gone"}"#],
            message: #"config file c.json: key "admin_token_file": admin token file gone: cannot open: No such file or directory"#),
        Bad(arguments: ["--config", "c.json"], files: ["c.json": #"{"admin_token_file": "a", "admin_token": "b"}"#],
            message: #"config file c.json: key "admin_token_file": give admin_token or admin_token_file, not both"#),
        Bad(arguments: ["--config", "c.json"], files: ["c.json": #"{"auth_tokens_file": "a", "auth_tokens": ["b"]}"#],
            message: #"config file c.json: key "auth_tokens_file": give auth_tokens or auth_tokens_file, not both"#),
    ]

    @Test("A bad token file is one line naming the flag, variable or key, the file and the problem", arguments: bad)
    func badFiles(_ bad: Bad) {
        #expect(throws: ConfigurationError(bad.message)) {
            try Self.load(bad.arguments, environment: bad.environment, files: bad.files)
        }
    }
}
