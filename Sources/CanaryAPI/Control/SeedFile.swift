import CanaryStore
import MiniHTTP

/// A JSON file of flocks, factories and tokens with the ids and timestamps it gives (`--seed`, config `seed`),
/// loaded at start and on `POST /_mock/reset?reseed=true`. Its shape is `GET /_mock/state`'s, so a state dump
/// from a failed run can be fed back as a seed; `result` and `updated_id` are ignored.
package struct SeedFile: Sendable {
    /// A flock to create: from the seed file, or from the config file's `flocks`.
    package struct Flock: Sendable, Equatable {
        /// `flock:default` or `flock:` + 32 lowercase hex.
        package let flockID: String
        /// 1–100 characters.
        package let name: String
    }

    /// A factory auth string to create: from the seed file, or from the config file's `factories`.
    package struct Factory: Sendable, Equatable {
        /// Any non-empty string: scripts under test ship their own.
        package let factoryAuth: String
        /// The factory's memo.
        package let memo: String
        /// The flock its tokens go to by default.
        package let flockID: String
        /// When it was made; nil: when it is stored.
        package var createdMicros: Int64? = nil
        /// Whether it is stored as deleted (a state dump lists deleted factories).
        package var deleted = false
        /// Where its `flock_id` was given, for an error found only when it is stored: the file and the key, e.g.
        /// `config file c.json: key "factories[0].flock_id"`.
        package var source = "configuration"
    }

    /// A token to create.
    package struct Token: Sendable {
        package let canarytoken: String
        package let kind: TokenKind
        package let memo: String
        package let flockID: String
        package let createdMicros: Int64?
        package let enabled: Bool
        package let url: String?
        package let hostname: String?
        package let factoryAuth: String?
        /// The entry's other fields as given (kind fields, generated fields such as aws-id keys, anything else).
        package let attributes: [String: String]
        /// The kind's fields after the kind's own rules, the ones create applies (`KindValidator.check`).
        package let validated: KindValidator.Result
    }

    /// Token fields that are not kind fields: the common ones and those computed when shown.
    static let commonTokenKeys: Set<String> = [
        "canarytoken", "kind", "memo", "flock_id", "created", "created_printable", "enabled", "url", "hostname",
        "factory_auth", "key", "node_id", "triggered_count", "updated_id", "renders",
    ]

    /// The file's path as given, for messages.
    package let path: String
    package let flocks: [Flock]
    package let factories: [Factory]
    package let tokens: [Token]
    /// Incidents to store as given (`SeedFile+Incidents.swift`).
    package var incidents: [IncidentRecord] = []
    /// Ignore-list entries to add (`SeedFile+IgnoreList.swift`).
    package var ignoreList: [IgnoreEntry] = []
    /// Birds to create (`SeedFile+Devices.swift`).
    package var devices: [BirdFields] = []

    /// Parses and checks a seed file; every problem names the file and the entry.
    package static func parse(_ bytes: [UInt8], path: String) throws(ConfigurationError) -> SeedFile {
        let file = try JSONObjectReader(parsing: bytes, source: "seed file \(path)", dialect: .seedFile)
        try file.rejectUnknown([
            "flocks", "factories", "tokens", "incidents", "ignore_list", "devices", "result", "updated_id",
        ])
        let flocks = try (file.objectList("flocks") ?? []).map { entry throws(ConfigurationError) in try Flock(reading: entry) }
        let factories = try (file.objectList("factories") ?? []).map { entry throws(ConfigurationError) in
            try Factory(reading: entry)
        }
        var seenIDs: Set<String> = []
        let tokens = try (file.objectList("tokens") ?? []).map { entry throws(ConfigurationError) in
            try Token(reading: entry, seenIDs: &seenIDs)
        }
        var seed = SeedFile(path: path, flocks: flocks, factories: factories, tokens: tokens)
        seed.incidents = try readIncidents(file)
        seed.ignoreList = try readIgnoreList(file)
        seed.devices = try readDevices(file)
        return seed
    }

    /// `"1586161315.087693"` (up to six decimals) to microseconds.
    static func parseCreated(_ text: String) -> Int64? {
        // Digits only: Int64(_:) also takes a sign, and "1586161315.-5" would move the time back.
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            let seconds = Int64(parts[0]), seconds < 100_000_000_000
        else {
            return nil
        }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...6).contains(digits.count), let value = Int64(digits) else { return nil }
            fraction = value
            for _ in digits.count..<6 { fraction *= 10 }
        }
        return seconds * 1_000_000 + fraction
    }

    /// A seed entry's fields as the request parameters create would have been sent: a kind field under its
    /// parameter's name (`username` → `aws_id_username`), a secret parameter (no field) under its own name.
    fileprivate static func kindParameters(_ kind: TokenKind, _ attributes: [String: String]) -> HTTPParameters {
        HTTPParameters(fields: kind.parameters.compactMap { parameter in
            attributes[parameter.field ?? parameter.name].map { HTTPParameters.Field(name: parameter.name, value: $0) }
        })
    }

    // MARK: - Applying

    /// The seed's tokens made ready to store (ids, URLs, generated fields), before the store is touched.
    package struct Prepared: Sendable {
        fileprivate let seed: SeedFile
        fileprivate let tokens: [NewToken]
        fileprivate let nowMicros: Int64
    }

    /// Makes every token's stored fields, as create would (`TokenMinter.newToken`); nothing is written.
    /// - Throws: a `ConfigurationError` naming the file and the entry when a kind cannot make its fields.
    /// - Parameter urlBase: `token_url_base` for tokens without a `url`; nil: `http://<tokenDomain>`.
    package func prepare(
        tokenDomain: String, urlBase: String? = nil, nowMicros: Int64
    ) throws(ConfigurationError) -> Prepared {
        let base = urlBase ?? "http://\(tokenDomain)"
        var prepared: [NewToken] = []
        prepared.reserveCapacity(tokens.count)
        for (offset, token) in tokens.enumerated() {
            // A secret parameter (no field) is checked but never stored, as on create.
            var given = token.attributes
            for parameter in token.kind.parameters where parameter.field == nil { given[parameter.name] = nil }
            do {
                prepared.append(try TokenMinter.newToken(
                    kind: token.kind, canarytoken: token.canarytoken,
                    url: token.url ?? Identifiers.stableTokenURL(id: token.canarytoken, base: base),
                    hostname: token.hostname ?? Identifiers.hostname(id: token.canarytoken, domain: tokenDomain),
                    createdMicros: token.createdMicros ?? nowMicros, memo: token.memo, flockID: token.flockID,
                    factoryAuth: token.factoryAuth, validated: token.validated, given: given))
            } catch {
                throw ConfigurationError("seed file \(path): tokens[\(offset)].url: \(error.text) (kind \(token.kind.name))")
            }
        }
        return Prepared(seed: self, tokens: prepared, nowMicros: nowMicros)
    }

    /// Creates what is missing, in order: flocks, factories, then tokens; an existing id is left as it is, so a
    /// restart over the same database applies the seed again without duplicating anything. All of it is one
    /// transaction, and every entry is checked before the first row is written: a refused seed changes nothing.
    package func apply(to store: ConsoleStore, tokenDomain: String, nowMicros: Int64) throws(ConfigurationError) {
        let prepared = try prepare(tokenDomain: tokenDomain, nowMicros: nowMicros)
        do {
            try store.transaction { transaction in try prepared.write(in: transaction) }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("seed file \(path): could not store it: \(error)")
        }
    }
}

// MARK: - Reading tokens

extension SeedFile.Token {
    /// Reads and checks one token entry with the rules create applies.
    /// - Parameter seenIDs: the ids of the entries before it, which it must not repeat.
    /// - Throws: naming the file and the entry's key.
    init(reading entry: JSONObjectReader, seenIDs: inout Set<String>) throws(ConfigurationError) {
        let id = try entry.requiredString("canarytoken")
        guard (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) })
        else { throw entry.problem("canarytoken", "must be 1 to 64 lowercase letters and digits") }
        guard seenIDs.insert(id).inserted else { throw entry.problem("canarytoken", "repeats an earlier token") }
        let kindName = try entry.requiredString("kind")
        guard let kind = KindsTable.kind(named: kindName) else { throw entry.problem("kind", "unknown kind \"\(kindName)\"") }
        let flockID = try entry.flockReference("flock_id")
        var attributes: [String: String] = [:]
        for (key, value) in entry.object where !SeedFile.commonTokenKeys.contains(key) {
            switch value {
            case .string(let string): attributes[key] = string
            case .bool(let flag): attributes[key] = flag ? "true" : "false"
            case .int(let number): attributes[key] = String(number)
            default: throw entry.problem(key, "must be a string, a number or true/false")
            }
        }
        // The rules create applies: a seeded token must not be one create would refuse (its download or its
        // fields would then fail later, as a 500, instead of here).
        let memo = try entry.requiredString("memo")
        do {
            _ = try ConsoleContext.memo(HTTPParameters(fields: [.init(name: "memo", value: memo)]))
        } catch {
            throw entry.problem("memo", error == .emptyMemo
                ? "must not be blank (create answers \"Empty memo\")"
                : "must be at most \(ConsoleContext.maxMemoLength) characters")
        }
        let validated: KindValidator.Result
        do {
            validated = try KindValidator.check(kind, SeedFile.kindParameters(kind, attributes))
        } catch {
            let parameter = kind.parameters.first { $0.name == error.parameter }
            let key = parameter?.field ?? error.parameter
            if let parameter, parameter.isFile {
                throw entry.problem(key, "kind \(kind.name) needs an uploaded file (\(parameter.name)), which a seed file cannot hold")
            }
            throw entry.problem(key, "\(error.description) (kind \(kind.name))")
        }
        let url = try entry.string("url")
        if let url, !Validation.isTokenURL(url) {
            throw entry.problem("url", "must be http:// or https:// and a host, in visible ASCII only, at most \(Validation.maxTokenURLBytes) bytes")
        }
        let hostname = try entry.string("hostname")
        if let hostname, !Validation.isHostName(hostname) { throw entry.problem("hostname", "must be a host name") }
        self.init(
            canarytoken: id, kind: kind, memo: memo, flockID: flockID,
            createdMicros: try entry.createdMicros(), enabled: try entry.bool("enabled") ?? true,
            url: url, hostname: hostname, factoryAuth: try entry.string("factory_auth"), attributes: attributes,
            validated: validated)
    }
}

extension SeedFile.Prepared {
    /// Checks every entry against the database (flocks and factories named must exist or be in the seed), then
    /// writes, inside the caller's transaction.
    /// - Throws: `ConfigurationError` naming the file and the entry; `StoreError` when the database fails.
    package func write(in transaction: ConsoleStore.Transaction) throws {
        let file = "seed file \(seed.path)"
        var flocks = Set(seed.flocks.map(\.flockID))
        func flockKnown(_ id: String) throws(StoreError) -> Bool {
            if flocks.contains(id) { return true }
            guard try transaction.flockExists(id) else { return false }
            flocks.insert(id)
            return true
        }
        for factory in seed.factories where try !flockKnown(factory.flockID) {
            throw ConfigurationError("\(factory.source): flock \(factory.flockID) does not exist (list it under \"flocks\")")
        }
        var factories = Set(seed.factories.map(\.factoryAuth))
        var missing: [Int] = []
        for (offset, token) in tokens.enumerated() where try !transaction.tokenExists(token.canarytoken) {
            missing.append(offset)
            guard try flockKnown(token.flockID) else {
                throw ConfigurationError(
                    "\(file): tokens[\(offset)].flock_id: flock \(token.flockID) does not exist (list it under \"flocks\")")
            }
            // Checked here so the error names the token (a foreign-key failure would not); the factory_auth value is
            // a secret, so it is not shown.
            if let factoryAuth = token.factoryAuth, !factories.contains(factoryAuth) {
                guard try transaction.factoryExists(factoryAuth) else {
                    throw ConfigurationError(
                        "\(file): tokens[\(offset)].factory_auth: names no factory (list it under \"factories\")")
                }
                factories.insert(factoryAuth)
            }
        }
        for flock in seed.flocks {
            try transaction.ensureFlock(id: flock.flockID, name: flock.name, createdMicros: nowMicros)
        }
        for factory in seed.factories {
            try transaction.ensureFactory(FactoryRecord(
                factoryAuth: factory.factoryAuth, memo: factory.memo, flockID: factory.flockID,
                createdMicros: factory.createdMicros ?? nowMicros, deletedMicros: factory.deleted ? nowMicros : nil))
        }
        for offset in missing {
            try transaction.insertToken(tokens[offset], enabled: seed.tokens[offset].enabled)
        }
        try SeedFile.store(seed.incidents, file: file, in: transaction)
        try SeedFile.store(seed.devices, file: file, in: transaction, nowMicros: nowMicros)
        for entry in seed.ignoreList {
            try transaction.addIgnoreEntry(entry)
        }
    }
}
