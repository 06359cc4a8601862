extension Setting {
    /// `--config`: where the config file is. Not a row of `all`, since it says where the other rows' file
    /// values come from.
    package static let configFile = Setting(
        flag: "--config", argument: "PATH", variable: "CANARY_MOCK_CONFIG", key: nil,
        help: "JSON config file; see config.example.json", text: nil, file: nil)

    /// Every setting, in the order the usage text lists them and the loader applies them (README "Configuration").
    package static let all: [Setting] = [
        .string(
            flag: "--host", argument: "ADDR", variable: "CANARY_MOCK_HOST", key: "host", help: "address to listen on",
            defaultText: "127.0.0.1", words: "host") { $0.host = $1 },
        .integer(
            flag: "--port", variable: "CANARY_MOCK_PORT", key: "port", help: "port to listen on, 0 picks a free one",
            defaultText: "8080", words: "port", range: 0...65535) { $0.port = $1 },
        .string(
            flag: "--database", argument: "PATH", variable: "CANARY_MOCK_DATABASE", key: "database",
            help: "SQLite file or :memory:", defaultText: "canary-mock.sqlite3", words: "database path") { $0.database = $1 },
        Setting(
            flag: "--auth-token", argument: "TOKEN", variable: "CANARY_MOCK_AUTH_TOKEN", key: "auth_tokens",
            help: "the one accepted API key; the config file may list several",
            defaultText: MockConfiguration.defaultAuthToken,
            text: { value, configuration throws(ConfigurationError) in
                guard !value.isEmpty else { throw ConfigurationError("empty auth token") }
                configuration.authTokens = [value]
                configuration.usesDefaultAuthToken = false
            },
            file: { file, configuration throws(ConfigurationError) in
                guard let tokens = try file.reader.stringList("auth_tokens") else { return }
                guard !tokens.isEmpty else { throw file.reader.problem("auth_tokens", "must list at least one token") }
                configuration.authTokens = tokens
                configuration.usesDefaultAuthToken = false
            },
            secretFile: SecretFile(
                flag: "--auth-token-file", variable: "CANARY_MOCK_AUTH_TOKEN_FILE", key: "auth_tokens_file",
                what: "auth token file", help: "read the API keys from a file, one a line",
                apply: { lines, _, configuration throws(ConfigurationError) in
                    configuration.authTokens = lines
                    configuration.usesDefaultAuthToken = false
                })),
        Setting(
            flag: nil, variable: nil, key: "token_domain", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                guard let domain = try file.reader.string("token_domain") else { return }
                guard Validation.isHostName(domain) else {
                    throw file.reader.problem(
                        "token_domain", "must be a host name such as canarytokens.localhost, got \"\(domain)\"")
                }
                configuration.tokenDomain = domain.lowercased()
            }),
        Setting(
            flag: "--token-url-base", argument: "URL", variable: "CANARY_MOCK_TOKEN_URL_BASE", key: "token_url_base",
            help: "start of token URLs, e.g. http://127.0.0.1:8080 so opened token files hit this mock",
            defaultText: "http://<token_domain>",
            text: { value, configuration throws(ConfigurationError) in
                configuration.tokenURLBase = try MockConfiguration.tokenURLBase(value) { problem in
                    ConfigurationError(problem)
                }
            },
            file: { file, configuration throws(ConfigurationError) in
                guard let value = try file.reader.string("token_url_base") else { return }
                configuration.tokenURLBase = try MockConfiguration.tokenURLBase(value) { problem in
                    file.reader.problem("token_url_base", problem)
                }
            }),
        .integer(
            flag: "--dns-port", variable: "CANARY_MOCK_DNS_PORT", key: "dns_port",
            help: "UDP port of the DNS responder for token host names, 0 picks a free one", defaultText: "off",
            words: "DNS port", range: 0...65535) { $0.dnsPort = $1 },
        Setting(
            flag: "--dns-answer-ip", argument: "IPV4", variable: "CANARY_MOCK_DNS_ANSWER_IP", key: "dns_answer_ip",
            help: "the address DNS answers for token host names carry", defaultText: "127.0.0.1",
            text: { value, configuration throws(ConfigurationError) in
                guard Validation.isIPv4(value) else {
                    throw ConfigurationError("must be an IPv4 address such as 127.0.0.1, got \"\(value)\"")
                }
                configuration.dnsAnswerIP = value
            },
            file: { file, configuration throws(ConfigurationError) in
                guard let value = try file.reader.string("dns_answer_ip") else { return }
                guard Validation.isIPv4(value) else {
                    throw file.reader.problem("dns_answer_ip", "must be an IPv4 address such as 127.0.0.1, got \"\(value)\"")
                }
                configuration.dnsAnswerIP = value
            }),
        .integer(
            flag: "--incident-window-seconds", variable: "CANARY_MOCK_INCIDENT_WINDOW_SECONDS",
            key: "incident_window_seconds", help: "a trigger joins its source's open incident within this many seconds",
            defaultText: "60", words: "incident window seconds", range: 0...86_400) { $0.incidentWindowSeconds = $1 },
        Setting(
            flag: nil, variable: nil, key: "ignore_list", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                configuration.ignoreList = try SeedFile.readIgnoreList(file.reader)
            }),
        Setting(
            flag: nil, variable: nil, key: "webhooks", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                guard let entries = try file.reader.objectList("webhooks") else { return }
                configuration.webhooks = try entries.map(WebhookTarget.init(reading:))
            }),
        .choice(
            flag: nil, argument: "", variable: nil, key: "webhook_triggered_type", help: "", defaultText: nil,
            words: "webhook triggered type", values: ["string", "int"], parse: WebhookBody.TriggeredType.init(rawValue:)
        ) { $0.webhookTriggeredType = $1 },
        Setting(
            flag: nil, variable: nil, key: "flocks", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                guard let entries = try file.reader.objectList("flocks") else { return }
                configuration.flocks = try entries.map { entry throws(ConfigurationError) in
                    try entry.rejectUnknown(MockConfiguration.Flock.keys)
                    return try MockConfiguration.Flock(reading: entry)
                }
            }),
        Setting(
            flag: nil, variable: nil, key: "factories", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                guard let entries = try file.reader.objectList("factories") else { return }
                configuration.factories = try entries.map { entry throws(ConfigurationError) in
                    try entry.rejectUnknown(MockConfiguration.Factory.keys)
                    return try MockConfiguration.Factory(reading: entry)
                }
                var seen: Set<String> = []
                // The value is a secret: name the entries, never the string itself.
                for (offset, factory) in configuration.factories.enumerated() where !seen.insert(factory.factoryAuth).inserted {
                    throw file.reader.problem("factories[\(offset)].factory_auth", "repeats the factory_auth of an earlier entry")
                }
            }),
        Setting(
            flag: nil, variable: nil, key: "devices", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                configuration.devices = try SeedFile.readDevices(file.reader)
            }),
        Setting(
            flag: nil, variable: nil, key: "factory_kinds", text: nil,
            file: { file, configuration throws(ConfigurationError) in
                guard let kinds = try file.reader.stringList("factory_kinds") else { return }
                if kinds == ["*"] {
                    configuration.factoryKinds = KindsTable.all.map(\.name)
                    return
                }
                for kind in kinds where KindsTable.kind(named: kind) == nil {
                    throw file.reader.problem("factory_kinds", "unknown kind \"\(kind)\" (use [\"*\"] for every kind)")
                }
                configuration.factoryKinds = kinds
            }),
        .choice(
            flag: nil, argument: "", variable: nil, key: "error_status", help: "", defaultText: nil,
            words: "error status", values: ["http", "200"], parse: MockConfiguration.ErrorStatusMode.init(rawValue:)
        ) { $0.errorStatus = $1 },
        .integer(
            flag: "--max-connections", variable: "CANARY_MOCK_MAX_CONNECTIONS", key: "max_connections",
            help: "most simultaneous connections; over it a client gets 503", defaultText: "512",
            words: "max connections", range: 1...100_000) { $0.maxConnections = $1 },
        .integer(
            flag: "--max-connections-per-peer", variable: "CANARY_MOCK_MAX_CONNECTIONS_PER_PEER",
            key: "max_connections_per_peer", help: "most simultaneous connections from one client address",
            defaultText: "half of --max-connections", words: "max connections per peer", range: 1...100_000
        ) { $0.maxConnectionsPerPeer = $1 },
        .integer(
            flag: "--stop-grace-seconds", variable: "CANARY_MOCK_STOP_GRACE_SECONDS", key: "stop_grace_seconds",
            help: "seconds a stop waits for open requests", defaultText: "5", words: "stop grace seconds",
            range: 0...3600) { $0.stopGraceSeconds = $1 },
        .integer(
            flag: "--max-body-bytes", variable: "CANARY_MOCK_MAX_BODY_BYTES", key: "max_body_bytes",
            help: "largest request body; a larger one gets 413", defaultText: "8388608", words: "max body bytes",
            range: 1024...(1 << 30)) { $0.maxBodyBytes = $1 },
        .choice(
            flag: "--log-format", argument: "FORMAT", variable: "CANARY_MOCK_LOG_FORMAT", key: "log_format",
            help: "text or json", defaultText: "text", words: "log format", values: ["text", "json"],
            parse: Logger.Format.init(rawValue:)) { $0.logFormat = $1 },
        .choice(
            flag: "--log-level", argument: "LEVEL", variable: "CANARY_MOCK_LOG_LEVEL", key: "log_level",
            help: "debug, info, warning or error", defaultText: "info", words: "log level",
            values: ["debug", "info", "warning", "error"], parse: Logger.Level.init(rawValue:)) { $0.logLevel = $1 },
        .integer(
            flag: "--journal-size", variable: "CANARY_MOCK_JOURNAL_SIZE", key: "journal_size",
            help: "requests kept for GET\u{A0}/_mock/requests, 0 keeps none", defaultText: "1000", words: "journal size",
            range: 0...MockConfiguration.maxJournalSize) { $0.journalSize = $1 },
        Setting(
            flag: "--admin-token", argument: "TOKEN", variable: "CANARY_MOCK_ADMIN_TOKEN", key: "admin_token",
            help: "require header X-Mock-Admin-Token on /_mock/ endpoints except health", defaultText: "none",
            text: { value, configuration throws(ConfigurationError) in
                guard !value.isEmpty else { throw ConfigurationError("empty admin token") }
                configuration.adminToken = value
            },
            file: { file, configuration throws(ConfigurationError) in
                if let token = try file.reader.string("admin_token") { configuration.adminToken = token }
            },
            secretFile: SecretFile(
                flag: "--admin-token-file", variable: "CANARY_MOCK_ADMIN_TOKEN_FILE", key: "admin_token_file",
                what: "admin token file",
                help: "read the admin token from a file, trailing newline trimmed, so it is not in the process list",
                apply: { lines, named, configuration throws(ConfigurationError) in
                    guard lines.count == 1 else {
                        throw ConfigurationError("\(named): must hold one line, found \(lines.count)")
                    }
                    configuration.adminToken = lines[0]
                })),
        .string(
            flag: "--seed", argument: "PATH", variable: "CANARY_MOCK_SEED", key: "seed",
            help: "JSON file of flocks, factories and tokens loaded at start and on POST\u{A0}/_mock/reset?reseed=true",
            defaultText: nil, words: "seed path", isPath: true) { $0.seedPath = $1 },
    ]

    /// The keys the config file may hold; anything else is an error, not a silent no-op.
    package static let fileKeys: Set<String> = Set(all.flatMap { [$0.key, $0.secretFile?.key].compactMap { $0 } })

    /// The flags that take a value: every row's, and `--config`.
    package static let flags: Set<String> =
        Set(([configFile] + all).flatMap { [$0.flag, $0.secretFile?.flag].compactMap { $0 } })
}
