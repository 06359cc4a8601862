import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API settings: journal_size, admin_token and seed from flag, variable and config file")
struct ControlConfigurationTests {
    /// Loads with an in-memory config file at any path.
    static func load(
        _ arguments: [String], environment: [String: String] = [:], file: String? = nil
    ) throws(ConfigurationError) -> MockConfiguration {
        let command = try ConfigurationLoader.load(arguments: arguments, environment: environment) {
            (path: String) throws(ConfigurationError) in
            guard let file else { throw ConfigurationError("config file \(path): cannot open: No such file or directory") }
            return Array(file.utf8)
        }
        guard case .serve(let configuration) = command else { throw ConfigurationError("not a serve command") }
        return configuration
    }

    /// The one-line error the load gives, or nil.
    static func failure(_ arguments: [String], environment: [String: String] = [:], file: String? = nil) -> String? {
        do {
            _ = try load(arguments, environment: environment, file: file)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("Defaults: a journal of 1000, no admin token, no seed file")
    func defaults() throws {
        let configuration = try Self.load([])
        #expect(configuration.journalSize == 1000)
        #expect(configuration.adminToken == nil)
        #expect(configuration.seedPath == nil)
    }

    @Test("journal_size: flag beats variable beats file, in both flag forms")
    func journalSize() throws {
        let file = #"{"journal_size": 30}"#
        let environment = ["CANARY_MOCK_JOURNAL_SIZE": "20"]
        #expect(try Self.load(["--config", "c.json", "--journal-size", "10"], environment: environment, file: file).journalSize == 10)
        #expect(try Self.load(["--config", "c.json", "--journal-size=0"], environment: environment, file: file).journalSize == 0)
        #expect(try Self.load(["--config", "c.json"], environment: environment, file: file).journalSize == 20)
        #expect(try Self.load(["--config", "c.json"], file: file).journalSize == 30)
        #expect(try Self.load(["--journal-size", "100000"]).journalSize == 100_000)
    }

    @Test("admin_token: flag beats variable beats file")
    func adminToken() throws {
        let file = #"{"admin_token": "from-file"}"#
        let environment = ["CANARY_MOCK_ADMIN_TOKEN": "from-env"]
        #expect(try Self.load(["--config", "c.json", "--admin-token", "from-flag"], environment: environment, file: file)
            .adminToken == "from-flag")
        #expect(try Self.load(["--config", "c.json"], environment: environment, file: file).adminToken == "from-env")
        #expect(try Self.load(["--config", "c.json"], file: file).adminToken == "from-file")
        #expect(try Self.load(["--admin-token=a=b"]).adminToken == "a=b")
    }

    @Test("seed: flag beats variable beats file; a relative file path is relative to the config file's folder")
    func seedPath() throws {
        let environment = ["CANARY_MOCK_SEED": "env/seed.json"]
        #expect(try Self.load(["--config", "/etc/cm/c.json", "--seed", "flag.json"], environment: environment,
                              file: #"{"seed": "s.json"}"#).seedPath == "flag.json")
        #expect(try Self.load(["--config", "/etc/cm/c.json"], environment: environment,
                              file: #"{"seed": "s.json"}"#).seedPath == "env/seed.json")
        #expect(try Self.load(["--config", "/etc/cm/c.json"], file: #"{"seed": "s.json"}"#).seedPath == "/etc/cm/s.json")
        #expect(try Self.load(["--config", "conf/c.json"], file: #"{"seed": "data/s.json"}"#).seedPath == "conf/data/s.json")
        #expect(try Self.load(["--config", "/etc/cm/c.json"], file: #"{"seed": "/srv/s.json"}"#).seedPath == "/srv/s.json")
        #expect(try Self.load(["--config", "c.json"], file: #"{"seed": "s.json"}"#).seedPath == "s.json")
    }

    /// Arguments, environment and file, and the exact one-line error.
    struct Bad: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        var environment: [String: String] = [:]
        var file: String?
        let message: String
        var testDescription: String { message }
    }

    static let bad: [Bad] = [
        Bad(arguments: ["--journal-size", "abc"],
            message: #"flag --journal-size: journal size must be a whole number from 0 to 100000, got "abc""#),
        Bad(arguments: ["--journal-size", "100001"],
            message: #"flag --journal-size: journal size must be a whole number from 0 to 100000, got "100001""#),
        Bad(arguments: ["--journal-size=-1"],
            message: #"flag --journal-size: journal size must be a whole number from 0 to 100000, got "-1""#),
        Bad(arguments: ["--journal-size", "+5"],
            message: #"flag --journal-size: journal size must be a whole number from 0 to 100000, got "+5""#),
        Bad(arguments: [], environment: ["CANARY_MOCK_JOURNAL_SIZE": ""],
            message: #"environment variable CANARY_MOCK_JOURNAL_SIZE: journal size must be a whole number from 0 to 100000, got """#),
        Bad(arguments: ["--admin-token", ""], message: "flag --admin-token: empty admin token"),
        Bad(arguments: [], environment: ["CANARY_MOCK_ADMIN_TOKEN": ""],
            message: "environment variable CANARY_MOCK_ADMIN_TOKEN: empty admin token"),
        Bad(arguments: ["--seed="], message: "flag --seed: empty seed path"),
        Bad(arguments: [], environment: ["CANARY_MOCK_SEED": ""], message: "environment variable CANARY_MOCK_SEED: empty seed path"),
        Bad(arguments: ["--seed", "a", "--seed", "b"], message: "flag --seed: given more than once"),
        Bad(arguments: ["--admin-token"], message: "flag --admin-token: needs a value"),
        Bad(arguments: ["--config", "c.json"], file: #"{"journal_size": "10"}"#,
            message: #"config file c.json: key "journal_size": must be a whole number, found a string"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"journal_size": 100001}"#,
            message: #"config file c.json: key "journal_size": must be from 0 to 100000, got 100001"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"journal_size": -1}"#,
            message: #"config file c.json: key "journal_size": must be from 0 to 100000, got -1"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"admin_token": ""}"#,
            message: #"config file c.json: key "admin_token": must not be empty"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"admin_token": 5}"#,
            message: #"config file c.json: key "admin_token": must be a string, found a number"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"seed": ""}"#,
            message: #"config file c.json: key "seed": must not be empty"#),
        Bad(arguments: ["--config", "c.json"], file: #"{"seed": ["a"]}"#,
            message: #"config file c.json: key "seed": must be a string, found an array"#),
    ]

    @Test("A bad value stops the start with one line naming its source", arguments: bad)
    func badValue(_ bad: Bad) {
        let message = Self.failure(bad.arguments, environment: bad.environment, file: bad.file)
        #expect(message == bad.message)
        #expect(message?.contains("\n") == false)
    }

    @Test("The usage text names the three flags and their variables")
    func usage() {
        for word in [
            "--seed PATH", "--admin-token TOKEN", "--journal-size N", "CANARY_MOCK_SEED", "CANARY_MOCK_ADMIN_TOKEN",
            "CANARY_MOCK_JOURNAL_SIZE", "X-Mock-Admin-Token", "POST /_mock/reset?reseed=true", "GET /_mock/requests",
        ] {
            #expect(ConfigurationLoader.usage.contains(word), "usage lacks \(word)")
        }
    }

    @Test("The loaded settings reach the console: journal capacity and the admin check")
    func wired() throws {
        let console = try ControlConsole(["journal_size": 5, "admin_token": "file-admin"])
        #expect(console.context.journal.capacity == 5)
        expectError(try console.control(.get, "/_mock/requests"), "Invalid admin token", status: 401)
        let reply = try console.control(.get, "/_mock/requests", admin: "file-admin")
        #expect(reply.json["capacity"] == 5)
    }
}
