import Glibc
import MiniHTTP

/// What the command line asks for.
package enum LaunchCommand: Sendable, Equatable {
    /// Serve with this configuration.
    case serve(MockConfiguration)
    /// Print usage and exit 0.
    case help
    /// Print the version and exit 0.
    case version
    /// Ask the running server's `/_mock/health` and exit 0 or 1.
    case healthcheck(MockConfiguration)
}

/// Builds the configuration from flags, environment variables, the JSON config file and built-in defaults, in
/// that order of precedence (docs/api.md §5). Every problem is one `ConfigurationError` line naming its source.
package enum ConfigurationLoader {
    /// The keys the config file may hold; anything else is an error, not a silent no-op.
    package static let fileKeys: Set<String> = [
        "host", "port", "database", "auth_tokens", "flocks", "token_domain", "factories", "factory_kinds",
        "error_status", "max_connections", "max_connections_per_peer", "stop_grace_seconds", "max_body_bytes", "log_format", "log_level", "journal_size", "admin_token",
        "admin_token_file", "auth_tokens_file", "seed",
    ]

    /// A secret given as a value or as a file (Docker and Kubernetes mount secrets as files; a value on the command
    /// line is visible to every user in the process list).
    private struct Secret {
        let flag: String
        let fileFlag: String
        let variable: String
        let fileVariable: String
        /// What the file holds, for messages.
        let what: String
    }

    private static let secrets = [
        Secret(flag: "--admin-token", fileFlag: "--admin-token-file", variable: "CANARY_MOCK_ADMIN_TOKEN",
               fileVariable: "CANARY_MOCK_ADMIN_TOKEN_FILE", what: "admin token file"),
        Secret(flag: "--auth-token", fileFlag: "--auth-token-file", variable: "CANARY_MOCK_AUTH_TOKEN",
               fileVariable: "CANARY_MOCK_AUTH_TOKEN_FILE", what: "auth token file"),
    ]

    /// The usage text for `--help`.
    package static let usage = """
        Usage: canary-mock [--config PATH] [--host ADDR] [--port N] [--database PATH] [--auth-token TOKEN]
                           [--log-format text|json] [--log-level debug|info|warning|error] [--seed PATH]
                           [--admin-token TOKEN | --admin-token-file PATH] [--auth-token-file PATH]
                           [--journal-size N]
               canary-mock healthcheck [same options]
               canary-mock --help | --version

        A self-hosted mock of the Thinkst Canary Console REST API.

        Options (each also has an environment variable; flags win, then variables, then the config file):
          --config PATH        JSON config file (CANARY_MOCK_CONFIG); see config.example.json
          --host ADDR          address to listen on (CANARY_MOCK_HOST), default 127.0.0.1
          --port N             port to listen on, 0 picks a free one (CANARY_MOCK_PORT), default 8080
          --database PATH      SQLite file or :memory: (CANARY_MOCK_DATABASE), default canary-mock.sqlite3
          --auth-token TOKEN   the one accepted API key (CANARY_MOCK_AUTH_TOKEN), default canary-mock-auth-token
          --auth-token-file PATH
                               read the API keys from a file, one a line (CANARY_MOCK_AUTH_TOKEN_FILE)
          --log-format FORMAT  text or json (CANARY_MOCK_LOG_FORMAT), default text
          --log-level LEVEL    debug, info, warning or error (CANARY_MOCK_LOG_LEVEL), default info
          --seed PATH          JSON file of flocks, factories and tokens loaded at start and on
                               POST /_mock/reset?reseed=true (CANARY_MOCK_SEED)
          --admin-token TOKEN  require header X-Mock-Admin-Token on /_mock/ endpoints except health
                               (CANARY_MOCK_ADMIN_TOKEN), default none
          --admin-token-file PATH
                               read the admin token from a file, trailing newline trimmed, so it is not in the
                               process list (CANARY_MOCK_ADMIN_TOKEN_FILE; config key admin_token_file)
          --journal-size N     requests kept for GET /_mock/requests, 0 keeps none (CANARY_MOCK_JOURNAL_SIZE),
                               default 1000
          --help               print this text
          --version            print the version

        healthcheck asks the server configured by the same options for GET /_mock/health on 127.0.0.1 and exits
        0 when it answers "status": "ok", 1 otherwise (for Docker HEALTHCHECK: no curl, shell or DNS needed).
        """

    /// Parses the command line and environment, reading the config file they name.
    /// - Parameter readFile: reads a whole file; injectable for tests.
    package static func load(
        arguments: [String], environment: [String: String],
        readFile: (String) throws(ConfigurationError) -> [UInt8] = ConfigurationLoader.readFile
    ) throws(ConfigurationError) -> LaunchCommand {
        var flags: [String: String] = [:]
        var index = 0
        var healthcheck = false
        if arguments.first == "healthcheck" {
            healthcheck = true
            index = 1
        }
        let valued: Set<String> = [
            "--config", "--host", "--port", "--database", "--auth-token", "--log-format", "--log-level", "--seed",
            "--admin-token", "--journal-size", "--admin-token-file", "--auth-token-file",
        ]
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help }
            if argument == "--version" { return .version }
            guard argument.hasPrefix("--") else {
                throw ConfigurationError("unexpected argument \"\(argument)\" (see --help)")
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard valued.contains(name) else { throw ConfigurationError("unknown flag \(name) (see --help)") }
            if value == nil {
                guard index < arguments.count else { throw ConfigurationError("flag \(name): needs a value") }
                value = arguments[index]
                index += 1
            }
            guard flags[name] == nil else { throw ConfigurationError("flag \(name): given more than once") }
            flags[name] = value
        }

        var configuration = MockConfiguration()
        if let path = flags["--config"] ?? environment["CANARY_MOCK_CONFIG"] {
            let source = flags["--config"] != nil ? "flag --config" : "environment variable CANARY_MOCK_CONFIG"
            guard !path.isEmpty else { throw ConfigurationError("\(source): empty path") }
            try applyFile(path: path, bytes: readFile(path), to: &configuration, readFile: readFile)
        }
        for secret in secrets {
            try applySecret(secret, flags: flags, environment: environment, to: &configuration, readFile: readFile)
        }
        for (flag, variable) in [("--host", "CANARY_MOCK_HOST"), ("--port", "CANARY_MOCK_PORT"),
                                 ("--database", "CANARY_MOCK_DATABASE"),
                                 ("--log-format", "CANARY_MOCK_LOG_FORMAT"), ("--log-level", "CANARY_MOCK_LOG_LEVEL"),
                                 ("--seed", "CANARY_MOCK_SEED"),
                                 ("--journal-size", "CANARY_MOCK_JOURNAL_SIZE")] {
            let value: String, source: String
            if let fromFlag = flags[flag] {
                (value, source) = (fromFlag, "flag \(flag)")
            } else if let fromEnvironment = environment[variable] {
                (value, source) = (fromEnvironment, "environment variable \(variable)")
            } else {
                continue
            }
            try applyText(flag: flag, value: value, source: source, to: &configuration)
        }
        return healthcheck ? .healthcheck(configuration) : .serve(configuration)
    }

    /// The highest level (flags, then variables) that gives the secret as a value or a file sets it; one level
    /// giving both is an error, since which one was meant is unclear.
    private static func applySecret(
        _ secret: Secret, flags: [String: String], environment: [String: String],
        to configuration: inout MockConfiguration, readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) {
        let levels = [
            (flags[secret.flag], flags[secret.fileFlag], "flag \(secret.flag)", "flag \(secret.fileFlag)"),
            (environment[secret.variable], environment[secret.fileVariable],
             "environment variable \(secret.variable)", "environment variable \(secret.fileVariable)"),
        ]
        for (value, path, valueSource, fileSource) in levels {
            if value != nil && path != nil { throw ConfigurationError("\(valueSource) and \(fileSource): give only one") }
            if let value {
                try applyText(flag: secret.flag, value: value, source: valueSource, to: &configuration)
                return
            }
            if let path {
                guard !path.isEmpty else { throw ConfigurationError("\(fileSource): empty path") }
                let lines = try secretLines(path: path, what: "\(fileSource): \(secret.what)", readFile: readFile)
                if secret.flag == "--admin-token" {
                    guard lines.count == 1 else {
                        throw ConfigurationError("\(fileSource): \(secret.what) \(path): must hold one line, found \(lines.count)")
                    }
                    configuration.adminToken = lines[0]
                } else {
                    configuration.authTokens = lines
                    configuration.usesDefaultAuthToken = false
                }
                return
            }
        }
    }

    /// The non-empty lines of a secret file (a trailing newline, or CRLF, is not part of a secret).
    /// - Throws: naming the file when it cannot be read, is not UTF-8 or holds no line.
    private static func secretLines(
        path: String, what: String, readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            // The reader names what it reads as a config file; say which file this is instead.
            let prefix = "config file \(path): "
            guard error.message.hasPrefix(prefix) else { throw error }
            throw ConfigurationError("\(what) \(path): " + error.message.dropFirst(prefix.count))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError("\(what) \(path): is not UTF-8 text")
        }
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        guard !lines.isEmpty else { throw ConfigurationError("\(what) \(path): is empty") }
        for line in lines where line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ConfigurationError("\(what) \(path): holds a control character")
        }
        return lines
    }

    private static func applyText(
        flag: String, value: String, source: String, to configuration: inout MockConfiguration
    ) throws(ConfigurationError) {
        switch flag {
        case "--host":
            guard !value.isEmpty else { throw ConfigurationError("\(source): empty host") }
            configuration.host = value
        case "--port":
            guard let port = Int(value), (0...65535).contains(port), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else { throw ConfigurationError("\(source): port must be a whole number from 0 to 65535, got \"\(value)\"") }
            configuration.port = port
        case "--database":
            guard !value.isEmpty else { throw ConfigurationError("\(source): empty database path") }
            configuration.database = value
        case "--log-format":
            guard let format = Logger.Format(rawValue: value) else {
                throw ConfigurationError("\(source): log format must be text or json, got \"\(value)\"")
            }
            configuration.logFormat = format
        case "--log-level":
            guard let level = Logger.Level(rawValue: value) else {
                throw ConfigurationError("\(source): log level must be debug, info, warning or error, got \"\(value)\"")
            }
            configuration.logLevel = level
        case "--seed":
            guard !value.isEmpty else { throw ConfigurationError("\(source): empty seed path") }
            configuration.seedPath = value
        case "--admin-token":
            guard !value.isEmpty else { throw ConfigurationError("\(source): empty admin token") }
            configuration.adminToken = value
        case "--journal-size":
            guard let size = Int(value), (0...MockConfiguration.maxJournalSize).contains(size),
                value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            else {
                throw ConfigurationError(
                    "\(source): journal size must be a whole number from 0 to \(MockConfiguration.maxJournalSize), got \"\(value)\"")
            }
            configuration.journalSize = size
        default:
            guard !value.isEmpty else { throw ConfigurationError("\(source): empty auth token") }
            configuration.authTokens = [value]
            configuration.usesDefaultAuthToken = false
        }
    }

    // MARK: - The config file

    private static func applyFile(
        path: String, bytes: [UInt8], to configuration: inout MockConfiguration,
        readFile: (String) throws(ConfigurationError) -> [UInt8]
    ) throws(ConfigurationError) {
        let file = "config file \(path)"
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw ConfigurationError("\(file): invalid JSON: \(error)")
        }
        guard case .object(let object) = document else {
            throw ConfigurationError("\(file): must hold a JSON object, found \(document.typeName)")
        }
        for key in object.keys.sorted() where !fileKeys.contains(key) {
            throw ConfigurationError("\(file): unknown key \"\(key)\" (known keys: \(fileKeys.sorted().joined(separator: ", ")))")
        }
        let reader = FileReader(file: file, object: object)
        if let host = try reader.string("host") { configuration.host = host }
        if let port = try reader.integer("port", in: 0...65535) { configuration.port = port }
        if let database = try reader.string("database") { configuration.database = database }
        if let tokens = try reader.stringList("auth_tokens") {
            guard !tokens.isEmpty else { throw reader.problem("auth_tokens", "must list at least one token") }
            configuration.authTokens = tokens
            configuration.usesDefaultAuthToken = false
        }
        if let domain = try reader.string("token_domain") {
            guard Validation.isHostName(domain) else {
                throw reader.problem("token_domain", "must be a host name such as canarytokens.localhost, got \"\(domain)\"")
            }
            configuration.tokenDomain = domain.lowercased()
        }
        if let flocks = try reader.objectList("flocks") {
            configuration.flocks = try flocks.enumerated().map { (offset, entry) throws(ConfigurationError) in
                let item = FileReader(file: file, object: entry, prefix: "flocks[\(offset)].")
                try item.onlyKeys(["flock_id", "name"])
                let id = try item.requiredString("flock_id")
                guard Validation.isFlockID(id) else {
                    throw item.problem("flock_id", "must be flock:default or flock: followed by 32 lowercase hex digits, got \"\(id)\"")
                }
                let name = try item.requiredString("name")
                guard (1...100).contains(name.count) else { throw item.problem("name", "must be 1 to 100 characters") }
                return MockConfiguration.Flock(flockID: id, name: name)
            }
        }
        if let factories = try reader.objectList("factories") {
            configuration.factories = try factories.enumerated().map { (offset, entry) throws(ConfigurationError) in
                let item = FileReader(file: file, object: entry, prefix: "factories[\(offset)].")
                try item.onlyKeys(["factory_auth", "memo", "flock_id"])
                let auth = try item.requiredString("factory_auth")
                let memo = try item.requiredString("memo")
                let flockID = try item.string("flock_id") ?? KindsTable.defaultFlockID
                guard Validation.isFlockID(flockID) else {
                    throw item.problem("flock_id", "must be flock:default or flock: followed by 32 lowercase hex digits, got \"\(flockID)\"")
                }
                return MockConfiguration.Factory(
                    factoryAuth: auth, memo: memo, flockID: flockID, source: "\(file): key \"\(item.prefix)flock_id\"")
            }
            var seen: Set<String> = []
            // The value is a secret: name the entries, never the string itself.
            for (offset, factory) in configuration.factories.enumerated() where !seen.insert(factory.factoryAuth).inserted {
                throw reader.problem("factories[\(offset)].factory_auth", "repeats the factory_auth of an earlier entry")
            }
        }
        if let kinds = try reader.stringList("factory_kinds") {
            if kinds == ["*"] {
                configuration.factoryKinds = KindsTable.all.map(\.name)
            } else {
                for kind in kinds where KindsTable.kind(named: kind) == nil {
                    throw reader.problem("factory_kinds", "unknown kind \"\(kind)\" (use [\"*\"] for every kind)")
                }
                configuration.factoryKinds = kinds
            }
        }
        if let mode = try reader.string("error_status") {
            guard let parsed = MockConfiguration.ErrorStatusMode(rawValue: mode) else {
                throw reader.problem("error_status", "must be \"http\" or \"200\", got \"\(mode)\"")
            }
            configuration.errorStatus = parsed
        }
        if let cap = try reader.integer("max_connections", in: 1...100_000) { configuration.maxConnections = cap }
        if let cap = try reader.integer("max_connections_per_peer", in: 1...100_000) {
            configuration.maxConnectionsPerPeer = cap
        }
        if let grace = try reader.integer("stop_grace_seconds", in: 0...3600) { configuration.stopGraceSeconds = grace }
        if let limit = try reader.integer("max_body_bytes", in: 1024...(1 << 30)) { configuration.maxBodyBytes = limit }
        if let format = try reader.string("log_format") {
            guard let parsed = Logger.Format(rawValue: format) else {
                throw reader.problem("log_format", "must be \"text\" or \"json\", got \"\(format)\"")
            }
            configuration.logFormat = parsed
        }
        if let level = try reader.string("log_level") {
            guard let parsed = Logger.Level(rawValue: level) else {
                throw reader.problem("log_level", "must be \"debug\", \"info\", \"warning\" or \"error\", got \"\(level)\"")
            }
            configuration.logLevel = parsed
        }
        if let size = try reader.integer("journal_size", in: 0...MockConfiguration.maxJournalSize) {
            configuration.journalSize = size
        }
        // A relative path in the file is relative to the config file, as compose files and the like expect.
        func relative(_ given: String) -> String {
            if given.hasPrefix("/") || !path.contains("/") { return given }
            return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) + "/" + given
        }
        if object["admin_token"] != nil && object["admin_token_file"] != nil {
            throw reader.problem("admin_token_file", "give admin_token or admin_token_file, not both")
        }
        if let token = try reader.string("admin_token") { configuration.adminToken = token }
        if let tokenFile = try reader.string("admin_token_file") {
            let what = "\(file): key \"admin_token_file\": admin token file"
            let lines = try secretLines(path: relative(tokenFile), what: what, readFile: readFile)
            guard lines.count == 1 else {
                throw ConfigurationError("\(what) \(relative(tokenFile)): must hold one line, found \(lines.count)")
            }
            configuration.adminToken = lines[0]
        }
        if object["auth_tokens"] != nil && object["auth_tokens_file"] != nil {
            throw reader.problem("auth_tokens_file", "give auth_tokens or auth_tokens_file, not both")
        }
        if let tokensFile = try reader.string("auth_tokens_file") {
            let what = "\(file): key \"auth_tokens_file\": auth token file"
            configuration.authTokens = try secretLines(path: relative(tokensFile), what: what, readFile: readFile)
            configuration.usesDefaultAuthToken = false
        }
        if let seed = try reader.string("seed") { configuration.seedPath = relative(seed) }
    }

    /// Reads a whole file, or says why not in one line.
    package static func readFile(_ path: String) throws(ConfigurationError) -> [UInt8] {
        try readFile(path, what: "config file")
    }

    /// Reads a whole file of at most 16 MiB; errors start with `what` and the path.
    package static func readFile(_ path: String, what: String) throws(ConfigurationError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigurationError("\(what) \(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigurationError("\(what) \(path): cannot read: \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= 16 * 1024 * 1024 else { throw ConfigurationError("\(what) \(path): larger than 16 MiB") }
        }
    }
}

/// Typed access to one JSON object of the config file, with errors that name the file and the key path.
private struct FileReader {
    let file: String
    let object: [String: JSONValue]
    var prefix = ""

    func problem(_ key: String, _ text: String) -> ConfigurationError {
        ConfigurationError("\(file): key \"\(prefix)\(key)\": \(text)")
    }

    func onlyKeys(_ allowed: Set<String>) throws(ConfigurationError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw ConfigurationError("\(file): unknown key \"\(prefix)\(key)\" (known keys: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = object[key] else { return nil }
        guard case .string(let text) = value else { throw problem(key, "must be a string, found \(value.typeName)") }
        guard !text.isEmpty else { throw problem(key, "must not be empty") }
        return text
    }

    func requiredString(_ key: String) throws(ConfigurationError) -> String {
        guard let text = try string(key) else { throw problem(key, "is required") }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = object[key] else { return nil }
        guard case .int(let number) = value else { throw problem(key, "must be a whole number, found \(value.typeName)") }
        guard range.contains(number) else {
            throw problem(key, "must be from \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return number
    }

    func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = object[key] else { return nil }
        guard case .array(let items) = value else { throw problem(key, "must be a list of strings, found \(value.typeName)") }
        return try items.enumerated().map { (offset, item) throws(ConfigurationError) in
            guard case .string(let text) = item, !text.isEmpty else {
                throw problem("\(key)[\(offset)]", "must be a non-empty string, found \(item.typeName)")
            }
            return text
        }
    }

    func objectList(_ key: String) throws(ConfigurationError) -> [[String: JSONValue]]? {
        guard let value = object[key] else { return nil }
        guard case .array(let items) = value else { throw problem(key, "must be a list of objects, found \(value.typeName)") }
        return try items.enumerated().map { (offset, item) throws(ConfigurationError) in
            guard case .object(let entry) = item else {
                throw problem("\(key)[\(offset)]", "must be an object, found \(item.typeName)")
            }
            return entry
        }
    }
}
