import CanaryAPI
import MiniHTTP
import Testing

@Suite("ConfigurationLoader: flags, environment, config file, defaults")
struct ConfigurationLoaderTests {
    /// Loads with an in-memory config file at any path.
    static func load(
        _ arguments: [String], environment: [String: String] = [:], file: String? = nil
    ) throws(ConfigurationError) -> LaunchCommand {
        try ConfigurationLoader.load(arguments: arguments, environment: environment) { (path: String) throws(ConfigurationError) in
            guard let file else { throw ConfigurationError("config file \(path): cannot open: No such file or directory") }
            return Array(file.utf8)
        }
    }

    /// The configuration a serve command carries.
    static func serve(
        _ arguments: [String], environment: [String: String] = [:], file: String? = nil
    ) throws -> MockConfiguration {
        guard case .serve(let configuration) = try load(arguments, environment: environment, file: file) else {
            Issue.record("expected a serve command")
            return MockConfiguration()
        }
        return configuration
    }

    /// The message of the `ConfigurationError` the load throws, or nil.
    static func failure(
        _ arguments: [String], environment: [String: String] = [:], file: String? = nil
    ) -> String? {
        do {
            _ = try load(arguments, environment: environment, file: file)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: - Defaults and precedence

    @Test("Built-in defaults without flags, variables or file")
    func defaults() throws {
        let configuration = try Self.serve([])
        #expect(configuration == MockConfiguration())
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.database == "canary-mock.sqlite3")
        #expect(configuration.authTokens == ["canary-mock-auth-token"])
        #expect(configuration.usesDefaultAuthToken)
        #expect(configuration.tokenDomain == "canarytokens.localhost")
        #expect(configuration.flocks.isEmpty)
        #expect(configuration.factories.isEmpty)
        #expect(configuration.errorStatus == .http)
        #expect(
            configuration.factoryKinds == [
                "http", "dns", "cloned-web", "doc-msword", "web-image", "windows-dir", "pdf-acrobat-reader",
                "msword-macro", "msexcel-macro", "aws-id", "qr-code", "svn", "sql", "fast-redirect", "slow-redirect",
                "doc-msexcel", "wireguard", "azure-id", "slack-api", "mysql-dump", "sensitive-cmd", "signed-exe",
                "cloned-css", "credit-card",
            ])
    }

    /// One setting with its flag, variable and file key, and the three values used to test precedence.
    struct Setting: Sendable, CustomTestStringConvertible {
        let flag: String
        let variable: String
        let key: String
        let values: (flag: String, env: String, file: String)
        let fileJSON: String
        let read: @Sendable (MockConfiguration) -> String
        var testDescription: String { flag }
    }

    static let settings: [Setting] = [
        Setting(
            flag: "--host", variable: "CANARY_MOCK_HOST", key: "host", values: ("10.0.0.1", "10.0.0.2", "10.0.0.3"),
            fileJSON: #"{"host": "10.0.0.3"}"#, read: { $0.host }),
        Setting(
            flag: "--port", variable: "CANARY_MOCK_PORT", key: "port", values: ("1001", "1002", "1003"),
            fileJSON: #"{"port": 1003}"#, read: { String($0.port) }),
        Setting(
            flag: "--database", variable: "CANARY_MOCK_DATABASE", key: "database", values: ("flag.db", "env.db", "file.db"),
            fileJSON: #"{"database": "file.db"}"#, read: { $0.database }),
        Setting(
            flag: "--max-connections", variable: "CANARY_MOCK_MAX_CONNECTIONS", key: "max_connections",
            values: ("100", "200", "300"), fileJSON: #"{"max_connections": 300}"#, read: { String($0.maxConnections) }),
        Setting(
            flag: "--max-connections-per-peer", variable: "CANARY_MOCK_MAX_CONNECTIONS_PER_PEER",
            key: "max_connections_per_peer", values: ("10", "20", "30"), fileJSON: #"{"max_connections_per_peer": 30}"#,
            read: { $0.maxConnectionsPerPeer.map(String.init) ?? "unset" }),
        Setting(
            flag: "--stop-grace-seconds", variable: "CANARY_MOCK_STOP_GRACE_SECONDS", key: "stop_grace_seconds",
            values: ("0", "2", "3600"), fileJSON: #"{"stop_grace_seconds": 3600}"#, read: { String($0.stopGraceSeconds) }),
        Setting(
            flag: "--max-body-bytes", variable: "CANARY_MOCK_MAX_BODY_BYTES", key: "max_body_bytes",
            values: ("1024", "4096", "1073741824"), fileJSON: #"{"max_body_bytes": 1073741824}"#,
            read: { String($0.maxBodyBytes) }),
    ]

    @Test("Precedence: flag, then environment, then config file, then default", arguments: settings)
    func precedence(_ setting: Setting) throws {
        let flag = [setting.flag, setting.values.flag]
        let env = [setting.variable: setting.values.env]
        let config = ["--config", "/etc/canary-mock.json"]
        #expect(setting.read(try Self.serve(flag + config, environment: env, file: setting.fileJSON)) == setting.values.flag)
        #expect(setting.read(try Self.serve(config, environment: env, file: setting.fileJSON)) == setting.values.env)
        #expect(setting.read(try Self.serve(config, file: setting.fileJSON)) == setting.values.file)
        #expect(setting.read(try Self.serve(flag)) == setting.values.flag)
        #expect(setting.read(try Self.serve([], environment: env)) == setting.values.env)
        #expect(setting.read(try Self.serve(["\(setting.flag)=\(setting.values.flag)"], environment: env)) == setting.values.flag)
        #expect(setting.read(try Self.serve([])) == setting.read(MockConfiguration()))
    }

    @Test("Takes --port N and --port=N, and 0 for a free port", arguments: [["--port", "9090"], ["--port=9090"]])
    func portForms(arguments: [String]) throws {
        #expect(try Self.serve(arguments).port == 9090)
        #expect(try Self.serve(["--port=0"]).port == 0)
        #expect(try Self.serve(["--port", "65535"]).port == 65535)
    }

    @Test("Finds the config file by --config, --config=PATH or CANARY_MOCK_CONFIG; the flag wins")
    func configLocation() throws {
        var asked: [String] = []
        func load(_ arguments: [String], _ environment: [String: String]) throws(ConfigurationError) {
            _ = try ConfigurationLoader.load(arguments: arguments, environment: environment) { path in
                asked.append(path)
                return Array("{}".utf8)
            }
        }
        try load(["--config", "/a.json"], [:])
        try load(["--config=/b.json"], [:])
        try load([], ["CANARY_MOCK_CONFIG": "/c.json"])
        try load(["--config", "/d.json"], ["CANARY_MOCK_CONFIG": "/e.json"])
        try load([], [:])
        #expect(asked == ["/a.json", "/b.json", "/c.json", "/d.json"])
    }

    @Test("Reads every key of the contract's example config")
    func example() throws {
        let file = """
            {
              "host": "0.0.0.0",
              "port": 8443,
              "database": "/var/lib/canary-mock/console.sqlite3",
              "auth_tokens": ["one", "two"],
              "flocks": [{"flock_id": "flock:0123456789abcdef0123456789abcdef", "name": "Example Flock"}],
              "token_domain": "canarytokens.localhost",
              "factories": [{"factory_auth": "fleet", "memo": "fleet factory", "flock_id": "flock:default"}],
              "factory_kinds": ["aws-id", "http", "dns"],
              "error_status": "200"
            }
            """
        let configuration = try Self.serve(["--config", "example.json"], file: file)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 8443)
        #expect(configuration.database == "/var/lib/canary-mock/console.sqlite3")
        #expect(configuration.authTokens == ["one", "two"])
        #expect(!configuration.usesDefaultAuthToken)
        #expect(configuration.flocks.map(\.flockID) == ["flock:0123456789abcdef0123456789abcdef"])
        #expect(configuration.flocks.map(\.name) == ["Example Flock"])
        #expect(configuration.factories.map(\.factoryAuth) == ["fleet"])
        #expect(configuration.factories.map(\.memo) == ["fleet factory"])
        #expect(configuration.factories.map(\.flockID) == ["flock:default"])
        #expect(configuration.factoryKinds == ["aws-id", "http", "dns"])
        #expect(configuration.errorStatus == .always200)
    }

    @Test("factory_kinds [\"*\"] means every kind; a factory without flock_id is in the Default Flock")
    func starAndDefaults() throws {
        let configuration = try Self.serve(
            ["--config", "c.json"], file: #"{"factory_kinds": ["*"], "factories": [{"factory_auth": "f", "memo": "m"}]}"#)
        #expect(configuration.factoryKinds == KindCase.all.map(\.kind))
        #expect(configuration.factories.map(\.flockID) == ["flock:default"])
    }

    @Test("max_connections_per_peer and stop_grace_seconds reach the configuration; absent, the server's defaults apply")
    func connectionSettings() throws {
        let configuration = try Self.serve(
            ["--config", "c.json"], file: #"{"max_connections_per_peer": 512, "stop_grace_seconds": 2}"#)
        #expect(configuration.maxConnectionsPerPeer == 512)
        #expect(configuration.stopGraceSeconds == 2)
        let defaults = try Self.serve(["--config", "c.json"], file: "{}")
        #expect(defaults.maxConnectionsPerPeer == nil)
        #expect(defaults.stopGraceSeconds == 5)
    }

    @Test("An empty config file object changes nothing")
    func emptyObject() throws {
        #expect(try Self.serve(["--config", "c.json"], file: "{}") == MockConfiguration())
    }

    // MARK: - Commands

    @Test("--help and -h print usage; --version prints the version", arguments: [
        (["--help"], LaunchCommand.help), (["-h"], .help), (["--version"], .version),
        (["--port", "1", "--help"], .help), (["--version", "--bogus"], .version),
    ] as [([String], LaunchCommand)])
    func commands(arguments: [String], expected: LaunchCommand) throws {
        #expect(try Self.load(arguments) == expected)
    }

    @Test("The usage names every flag and variable")
    func usage() {
        for word in ["--config", "--host", "--port", "--database", "--help", "--version", "CANARY_MOCK_CONFIG",
                     "CANARY_MOCK_HOST", "CANARY_MOCK_PORT", "CANARY_MOCK_DATABASE"] {
            #expect(ConfigurationLoader.usage.contains(word), "\(word)")
        }
    }

    // MARK: - Bad command lines and variables

    @Test(
        "Refuses bad flags and values with one line naming the flag or variable",
        arguments: [
            (["--verbose"], [:], "unknown flag --verbose (see --help)"),
            (["--port"], [:], "flag --port: needs a value"),
            (["serve"], [:], "unexpected argument \"serve\" (see --help)"),
            (["-p", "80"], [:], "unexpected argument \"-p\" (see --help)"),
            (["--port", "80", "--port", "81"], [:], "flag --port: given more than once"),
            (["--port", "abc"], [:], "flag --port: port must be a whole number from 0 to 65535, got \"abc\""),
            (["--port", "65536"], [:], "flag --port: port must be a whole number from 0 to 65535, got \"65536\""),
            (["--port=-1"], [:], "flag --port: port must be a whole number from 0 to 65535, got \"-1\""),
            (["--port", "+80"], [:], "flag --port: port must be a whole number from 0 to 65535, got \"+80\""),
            (["--port", ""], [:], "flag --port: port must be a whole number from 0 to 65535, got \"\""),
            ([], ["CANARY_MOCK_PORT": "http"],
             "environment variable CANARY_MOCK_PORT: port must be a whole number from 0 to 65535, got \"http\""),
            (["--host", ""], [:], "flag --host: empty host"),
            ([], ["CANARY_MOCK_HOST": ""], "environment variable CANARY_MOCK_HOST: empty host"),
            (["--database="], [:], "flag --database: empty database path"),
            ([], ["CANARY_MOCK_DATABASE": ""], "environment variable CANARY_MOCK_DATABASE: empty database path"),
            (["--config", ""], [:], "flag --config: empty path"),
            ([], ["CANARY_MOCK_CONFIG": ""], "environment variable CANARY_MOCK_CONFIG: empty path"),
        ] as [([String], [String: String], String)])
    func badCommandLine(arguments: [String], environment: [String: String], message: String) {
        #expect(Self.failure(arguments, environment: environment) == message)
    }

    @Test("A flag that is wrong is reported even when the variable is fine, and the other way round")
    func flagAndVariable() {
        #expect(Self.failure(["--port", "x"], environment: ["CANARY_MOCK_PORT": "80"])?.hasPrefix("flag --port:") == true)
        // The flag replaces the variable, so a bad variable under a good flag is not read.
        #expect(Self.failure(["--port", "80"], environment: ["CANARY_MOCK_PORT": "x"]) == nil)
    }

    // MARK: - Bad config files

    @Test("An unreadable config file stops the start with the reader's line")
    func unreadable() {
        #expect(
            Self.failure(["--config", "/missing.json"])
                == "config file /missing.json: cannot open: No such file or directory")
    }

    @Test("The real file reader names the path when it cannot open the file")
    func realReader() {
        let path = "/nonexistent-canary-mock-dir/config.json"
        #expect(throws: ConfigurationError("config file \(path): cannot open: No such file or directory")) {
            try ConfigurationLoader.readFile(path)
        }
        #expect(Self.failureWithRealReader(["--config", path])?.contains(path) == true)
    }

    static func failureWithRealReader(_ arguments: [String]) -> String? {
        do {
            _ = try ConfigurationLoader.load(arguments: arguments, environment: [:])
            return nil
        } catch {
            return error.message
        }
    }

    /// A config file and the start of the one-line message it must give (file and key named).
    struct BadFile: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let message: String
        /// Whether `message` is the whole line or only its start.
        var exact = true
    }

    static let badFiles: [BadFile] = [
        BadFile(testDescription: "bad JSON", json: #"{"port": 80,}"#, message: "config file cfg.json: invalid JSON: ", exact: false),
        BadFile(testDescription: "empty file", json: "", message: "config file cfg.json: invalid JSON: ", exact: false),
        BadFile(testDescription: "not an object", json: "[]", message: "config file cfg.json: must hold a JSON object, found an array"),
        BadFile(
            testDescription: "unknown key", json: #"{"prot": 80}"#,
            message: "config file cfg.json: unknown key \"prot\" (known keys: ", exact: false),
        BadFile(
            testDescription: "host not a string", json: #"{"host": 1}"#,
            message: "config file cfg.json: key \"host\": must be a string, found a number"),
        BadFile(
            testDescription: "host empty", json: #"{"host": ""}"#, message: "config file cfg.json: key \"host\": must not be empty"),
        BadFile(
            testDescription: "port as text", json: #"{"port": "8080"}"#,
            message: "config file cfg.json: key \"port\": must be a whole number, found a string"),
        BadFile(
            testDescription: "port fractional", json: #"{"port": 80.5}"#,
            message: "config file cfg.json: key \"port\": must be a whole number, found a number"),
        BadFile(
            testDescription: "port too large", json: #"{"port": 65536}"#,
            message: "config file cfg.json: key \"port\": must be from 0 to 65535, got 65536"),
        BadFile(
            testDescription: "port negative", json: #"{"port": -1}"#,
            message: "config file cfg.json: key \"port\": must be from 0 to 65535, got -1"),
        BadFile(
            testDescription: "database not a string", json: #"{"database": null}"#,
            message: "config file cfg.json: key \"database\": must be a string, found null"),
        BadFile(
            testDescription: "auth_tokens not a list", json: #"{"auth_tokens": "secret"}"#,
            message: "config file cfg.json: key \"auth_tokens\": must be a list of strings, found a string"),
        BadFile(
            testDescription: "auth_tokens empty", json: #"{"auth_tokens": []}"#,
            message: "config file cfg.json: key \"auth_tokens\": must list at least one token"),
        BadFile(
            testDescription: "auth_tokens with a number", json: #"{"auth_tokens": ["a", 2]}"#,
            message: "config file cfg.json: key \"auth_tokens[1]\": must be a non-empty string, found a number"),
        BadFile(
            testDescription: "auth_tokens with an empty string", json: #"{"auth_tokens": [""]}"#,
            message: "config file cfg.json: key \"auth_tokens[0]\": must be a non-empty string, found a string"),
        BadFile(
            testDescription: "flocks not a list", json: #"{"flocks": {}}"#,
            message: "config file cfg.json: key \"flocks\": must be a list of objects, found an object"),
        BadFile(
            testDescription: "flock not an object", json: #"{"flocks": ["flock:default"]}"#,
            message: "config file cfg.json: key \"flocks[0]\": must be an object, found a string"),
        BadFile(
            testDescription: "bad flock id", json: #"{"flocks": [{"flock_id": "flock:XYZ", "name": "x"}]}"#,
            message: "config file cfg.json: key \"flocks[0].flock_id\": must be flock:default or flock: followed by 32 lowercase hex digits, got \"flock:XYZ\""),
        BadFile(
            testDescription: "flock id in uppercase hex",
            json: #"{"flocks": [{"flock_id": "flock:0123456789ABCDEF0123456789ABCDEF", "name": "x"}]}"#,
            message: "config file cfg.json: key \"flocks[0].flock_id\": must be flock:default", exact: false),
        BadFile(
            testDescription: "flock without name", json: #"{"flocks": [{"flock_id": "flock:0123456789abcdef0123456789abcdef"}]}"#,
            message: "config file cfg.json: key \"flocks[0].name\": is required"),
        BadFile(
            testDescription: "flock with unknown key",
            json: #"{"flocks": [{"flock_id": "flock:default", "name": "x", "colour": "red"}]}"#,
            message: "config file cfg.json: unknown key \"flocks[0].colour\" (known keys: flock_id, name)"),
        BadFile(
            testDescription: "factory without factory_auth", json: #"{"factories": [{"memo": "m"}]}"#,
            message: "config file cfg.json: key \"factories[0].factory_auth\": is required"),
        BadFile(
            testDescription: "factory without memo", json: #"{"factories": [{"factory_auth": "f"}]}"#,
            message: "config file cfg.json: key \"factories[0].memo\": is required"),
        BadFile(
            testDescription: "factory with bad flock id", json: #"{"factories": [{"factory_auth": "f", "memo": "m", "flock_id": "x"}]}"#,
            message: "config file cfg.json: key \"factories[0].flock_id\": must be flock:default", exact: false),
        BadFile(
            testDescription: "factory listed twice",
            json: #"{"factories": [{"factory_auth": "f", "memo": "m"}, {"factory_auth": "f", "memo": "n"}]}"#,
            message: "config file cfg.json: key \"factories[1].factory_auth\": repeats the factory_auth of an earlier entry"),
        BadFile(
            testDescription: "bad token_domain", json: #"{"token_domain": "https://canary.example"}"#,
            message: "config file cfg.json: key \"token_domain\": must be a host name such as canarytokens.localhost, got \"https://canary.example\""),
        BadFile(
            testDescription: "token_domain with a space", json: #"{"token_domain": "bad domain"}"#,
            message: "config file cfg.json: key \"token_domain\": must be a host name", exact: false),
        BadFile(
            testDescription: "unknown factory kind", json: #"{"factory_kinds": ["aws-id", "nope"]}"#,
            message: "config file cfg.json: key \"factory_kinds\": unknown kind \"nope\" (use [\"*\"] for every kind)"),
        BadFile(
            testDescription: "factory_kinds not a list", json: #"{"factory_kinds": "aws-id"}"#,
            message: "config file cfg.json: key \"factory_kinds\": must be a list of strings, found a string"),
        BadFile(
            testDescription: "bad error_status", json: #"{"error_status": "201"}"#,
            message: "config file cfg.json: key \"error_status\": must be \"http\" or \"200\", got \"201\""),
        BadFile(
            testDescription: "max_connections_per_peer zero", json: #"{"max_connections_per_peer": 0}"#,
            message: "config file cfg.json: key \"max_connections_per_peer\": must be from 1 to 100000, got 0"),
        BadFile(
            testDescription: "stop_grace_seconds too long", json: #"{"stop_grace_seconds": 3601}"#,
            message: "config file cfg.json: key \"stop_grace_seconds\": must be from 0 to 3600, got 3601"),
        BadFile(
            testDescription: "error_status as a number", json: #"{"error_status": 200}"#,
            message: "config file cfg.json: key \"error_status\": must be a string, found a number"),
    ]

    @Test("A bad config file stops the start with one line naming the file, the key and the problem", arguments: badFiles)
    func badFile(_ bad: BadFile) throws {
        let message = try #require(Self.failure(["--config", "cfg.json"], file: bad.json))
        if bad.exact {
            #expect(message == bad.message)
        } else {
            #expect(message.hasPrefix(bad.message), "\(message)")
        }
        #expect(!message.contains("\n"))
    }

    @Test("A bad config file named by CANARY_MOCK_CONFIG is named in the message")
    func badFileFromEnvironment() {
        let message = Self.failure([], environment: ["CANARY_MOCK_CONFIG": "/srv/env.json"], file: #"{"port": "x"}"#)
        #expect(message == "config file /srv/env.json: key \"port\": must be a whole number, found a string")
    }

    @Test("A bad file value is an error even when a flag would override it")
    func fileCheckedEvenIfOverridden() {
        #expect(Self.failure(["--config", "cfg.json", "--port", "80"], file: #"{"port": 70000}"#)?.contains("\"port\"") == true)
    }
}
