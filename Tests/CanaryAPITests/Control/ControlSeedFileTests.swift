import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// A seed file used by the seed and reset tests, and the rows it leaves in a store.
enum ControlSeeds {
    static let flockID = "flock:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let httpID = "seededhttp0000000000000001"
    static let awsID = "seededaws"
    static let dnsID = "seededdns"
    static let givenKeysID = "seededgivenkeys"
    static let givenAccessKey = "AKIAABCDEFGHIJKLMNOP"
    static let givenSecret = "abcdefghijABCDEFGHIJ0123456789/+abcdefgh"

    /// Flocks, factories (one deleted) and four tokens; `result` and `updated_id` as a state dump has them.
    static let document = """
        {
          "result": "success",
          "updated_id": 99,
          "flocks": [{"flock_id": "\(flockID)", "name": "Seeded Flock"}],
          "factories": [
            {"factory_auth": "seeded-factory", "memo": "seeded factory", "flock_id": "\(flockID)",
             "created": "1500000000.000001"},
            {"factory_auth": "gone-factory", "memo": "deleted one", "deleted": true, "created": 1500000002}
          ],
          "tokens": [
            {"canarytoken": "\(httpID)", "kind": "http", "memo": "seeded http", "flock_id": "\(flockID)",
             "created": "1500000000.123456", "created_printable": "ignored", "key": "ignored", "node_id": "ignored",
             "triggered_count": 5, "updated_id": 42},
            {"canarytoken": "\(awsID)", "kind": "aws-id", "memo": "seeded aws", "created": 1500000001.5},
            {"canarytoken": "\(dnsID)", "kind": "dns", "memo": "seeded dns", "enabled": false,
             "factory_auth": "seeded-factory"},
            {"canarytoken": "\(givenKeysID)", "kind": "aws-id", "memo": "given keys",
             "access_key_id": "\(givenAccessKey)", "secret_access_key": "\(givenSecret)", "username": "given-user",
             "url": "http://example.com/given", "hostname": "given.example.com"}
          ]
        }
        """

    /// Every row of a store, comparable: flocks, factories (with deletion), tokens as fetch shows them.
    struct Rows: Equatable {
        var flocks: [FlockRecord]
        var factories: [FactoryRecord]
        var tokens: [JSONValue]
    }

    static func rows(_ store: ConsoleStore) throws -> Rows {
        Rows(
            flocks: try store.flocks().sorted { $0.flockID < $1.flockID }.map {
                // The Default Flock's creation time comes from SQLite's clock on a reset; compare ids and names.
                FlockRecord(flockID: $0.flockID, name: $0.name, createdMicros: 0)
            },
            factories: try store.factories(includeDeleted: true).sorted { $0.factoryAuth < $1.factoryAuth },
            tokens: try store.tokens(flockID: nil).map(TokenPresenter.object))
    }

    /// A token object without what each apply makes anew when the seed does not give it: the URL (a random path
    /// word and page) and the aws-id keys and user name, and without the change counter.
    static func seedGiven(_ token: JSONValue) -> JSONValue {
        var object = withoutCounter(token).objectValue ?? [:]
        object["url"] = nil
        if token["canarytoken"] != .string(givenKeysID) {
            for key in ["access_key_id", "secret_access_key", "username", "renders"] { object[key] = nil }
        }
        return .object(object)
    }

    /// A token object without its change counter, which counts changes, not content.
    static func withoutCounter(_ token: JSONValue) -> JSONValue {
        var object = token.objectValue ?? [:]
        object["updated_id"] = nil
        return .object(object)
    }
}

@Suite("Control API: the seed file (SeedFile.parse and apply)")
struct ControlSeedFileTests {
    static let now: Int64 = 1_600_000_000_000_000

    /// An empty store with the Default Flock, as the server opens one.
    static func emptyStore() throws -> ConsoleStore { try ConsoleStore(path: ":memory:") }

    static func parse(_ text: String) throws(ConfigurationError) -> SeedFile {
        try SeedFile.parse(Array(text.utf8), path: "seed.json")
    }

    @Test("Parses flocks, factories and tokens with their ids, times and flags; result and updated_id are ignored")
    func parseFields() throws {
        let seed = try Self.parse(ControlSeeds.document)
        #expect(seed.flocks.map(\.flockID) == [ControlSeeds.flockID])
        #expect(seed.flocks.map(\.name) == ["Seeded Flock"])
        #expect(seed.factories.map(\.factoryAuth) == ["seeded-factory", "gone-factory"])
        #expect(seed.factories.map(\.memo) == ["seeded factory", "deleted one"])
        #expect(seed.factories.map(\.flockID) == [ControlSeeds.flockID, "flock:default"])
        #expect(seed.factories.map(\.createdMicros) == [1_500_000_000_000_001, 1_500_000_002_000_000])
        #expect(seed.factories.map(\.deleted) == [false, true])
        #expect(seed.tokens.map(\.canarytoken) == [
            ControlSeeds.httpID, ControlSeeds.awsID, ControlSeeds.dnsID, ControlSeeds.givenKeysID,
        ])
        #expect(seed.tokens.map(\.createdMicros) == [1_500_000_000_123_456, 1_500_000_001_500_000, nil, nil])
        #expect(seed.tokens.map(\.enabled) == [true, true, false, true])
        #expect(seed.tokens.map(\.flockID) == [ControlSeeds.flockID, "flock:default", "flock:default", "flock:default"])
        #expect(seed.tokens[2].factoryAuth == "seeded-factory")
        // Fields a state dump shows but the store computes are not kind fields.
        #expect(seed.tokens[0].attributes == [:])
        #expect(seed.tokens[3].attributes == [
            "access_key_id": ControlSeeds.givenAccessKey, "secret_access_key": ControlSeeds.givenSecret,
            "username": "given-user",
        ])
        #expect(seed.tokens[3].url == "http://example.com/given")
        #expect(seed.tokens[3].hostname == "given.example.com")
    }

    @Test("An empty object is an empty seed")
    func emptySeed() throws {
        let seed = try Self.parse("{}")
        #expect(seed.flocks.isEmpty && seed.factories.isEmpty && seed.tokens.isEmpty)
    }

    /// A seed text and the exact one-line error it gets.
    struct BadSeed: Sendable, CustomTestStringConvertible {
        let text: String
        let message: String
        var testDescription: String { message }
    }

    static let flock = "flock:0123456789abcdef0123456789abcdef"
    static let badSeeds: [BadSeed] = [
        BadSeed(text: "[]", message: "seed file seed.json: must hold a JSON object, found an array"),
        BadSeed(text: #"{"tokenz": []}"#,
                message: "seed file seed.json: tokenz: unknown key (known keys: devices, factories, flocks, ignore_list, incidents, result, tokens, updated_id)"),
        BadSeed(text: #"{"flocks": {}}"#, message: "seed file seed.json: flocks: must be a list of objects"),
        BadSeed(text: #"{"tokens": [1]}"#, message: "seed file seed.json: tokens[0]: must be an object"),
        BadSeed(text: #"{"flocks": [{"name": "x"}]}"#, message: "seed file seed.json: flocks[0].flock_id: is required"),
        BadSeed(text: #"{"flocks": [{"flock_id": "flock:ABC", "name": "x"}]}"#,
                message: "seed file seed.json: flocks[0].flock_id: must be flock:default or flock: followed by 32 lowercase hex digits"),
        BadSeed(text: #"{"flocks": [{"flock_id": "\#(flock)", "name": ""}]}"#,
                message: "seed file seed.json: flocks[0].name: must be 1 to 100 characters"),
        BadSeed(text: #"{"flocks": [{"flock_id": "\#(flock)", "name": 5}]}"#,
                message: "seed file seed.json: flocks[0].name: must be a string, found a number"),
        BadSeed(text: #"{"factories": [{"factory_auth": "", "memo": "m"}]}"#,
                message: "seed file seed.json: factories[0].factory_auth: must not be empty"),
        BadSeed(text: #"{"factories": [{"factory_auth": "a"}]}"#,
                message: "seed file seed.json: factories[0].memo: is required"),
        BadSeed(text: #"{"factories": [{"factory_auth": "a", "memo": "m", "flock_id": "x"}]}"#,
                message: "seed file seed.json: factories[0].flock_id: is not a flock id"),
        BadSeed(text: #"{"factories": [{"factory_auth": "a", "memo": "m", "created": "yesterday"}]}"#,
                message: #"seed file seed.json: factories[0].created: must be seconds since 1970, such as "1586161315.087693""#),
        BadSeed(text: #"{"factories": [{"factory_auth": "a", "memo": "m", "deleted": "yes"}]}"#,
                message: "seed file seed.json: factories[0].deleted: must be true or false"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "ABC", "kind": "dns", "memo": "m"}]}"#,
                message: "seed file seed.json: tokens[0].canarytoken: must be 1 to 64 lowercase letters and digits"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "\#(String(repeating: "a", count: 65))", "kind": "dns", "memo": "m"}]}"#,
                message: "seed file seed.json: tokens[0].canarytoken: must be 1 to 64 lowercase letters and digits"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m"}, {"canarytoken": "abc", "kind": "dns", "memo": "m"}]}"#,
                message: "seed file seed.json: tokens[1].canarytoken: repeats an earlier token"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "memo": "m"}]}"#,
                message: "seed file seed.json: tokens[0].kind: is required"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "nope", "memo": "m"}]}"#,
                message: #"seed file seed.json: tokens[0].kind: unknown kind "nope""#),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns"}]}"#,
                message: "seed file seed.json: tokens[0].memo: is required"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "enabled": "no"}]}"#,
                message: "seed file seed.json: tokens[0].enabled: must be true or false"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "flock_id": "flock:x"}]}"#,
                message: "seed file seed.json: tokens[0].flock_id: is not a flock id"),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "created": "1.1234567"}]}"#,
                message: #"seed file seed.json: tokens[0].created: must be seconds since 1970, such as "1586161315.087693""#),
        BadSeed(text: #"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "extra": [1]}]}"#,
                message: "seed file seed.json: tokens[0].extra: must be a string, a number or true/false"),
    ]

    @Test("A bad seed file is refused with one line naming the file, the entry and the problem", arguments: badSeeds)
    func badSeed(_ bad: BadSeed) {
        #expect(throws: ConfigurationError(bad.message)) { try Self.parse(bad.text) }
    }

    @Test("Invalid JSON names the file")
    func invalidJSON() {
        do {
            _ = try Self.parse("{\"flocks\": ")
            Issue.record("no error")
        } catch {
            #expect(error.message.hasPrefix("seed file seed.json: invalid JSON: "), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test("created reads text with up to six decimals, or a number")
    func created() throws {
        func micros(_ created: String) throws -> Int64? {
            try Self.parse(#"{"factories": [{"factory_auth": "a", "memo": "m", "created": \#(created)}]}"#)
                .factories.first?.createdMicros
        }
        #expect(try micros(#""1586161315.087693""#) == 1_586_161_315_087_693)
        #expect(try micros(#""1586161315.5""#) == 1_586_161_315_500_000)
        #expect(try micros(#""1586161315""#) == 1_586_161_315_000_000)
        #expect(try micros("1586161315") == 1_586_161_315_000_000)
        #expect(try micros("1586161315.25") == 1_586_161_315_250_000)
        #expect(try micros("null") == nil)
    }

    @Test("created text with a sign is refused, not read as a time before or after the one written",
          arguments: [#""1586161315.-5""#, #""1586161315.+5""#, #""+1586161315""#, #""-0.5""#])
    func signedCreated(_ created: String) throws {
        let text = #"{"factories": [{"factory_auth": "a", "memo": "m", "created": \#(created)}]}"#
        #expect(throws: ConfigurationError.self) { try Self.parse(text) }
    }

    // MARK: - apply

    @Test("apply creates the rows with the given ids and times; enabled:false and deleted:true are honoured")
    func apply() throws {
        let store = try Self.emptyStore()
        try Self.parse(ControlSeeds.document).apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        #expect(try store.flock(ControlSeeds.flockID)?.name == "Seeded Flock")
        let factory = try #require(try store.factory("seeded-factory"))
        #expect(factory.createdMicros == 1_500_000_000_000_001)
        #expect(factory.flockID == ControlSeeds.flockID)
        #expect(!factory.isDeleted)
        let gone = try #require(try store.factory("gone-factory"))
        #expect(gone.isDeleted)
        #expect(gone.createdMicros == 1_500_000_002_000_000)

        let http = try #require(try store.token(ControlSeeds.httpID))
        #expect(http.kind == "http")
        #expect(http.memo == "seeded http")
        #expect(http.createdMicros == 1_500_000_000_123_456)
        #expect(http.enabled)
        #expect(http.triggeredCount == 0)
        #expect(http.hostname == "\(ControlSeeds.httpID).seed.localhost")
        #expect(Formats.isTokenURL(http.url, id: ControlSeeds.httpID, domain: "seed.localhost"), "\(http.url)")
        let dns = try #require(try store.token(ControlSeeds.dnsID))
        #expect(!dns.enabled)
        #expect(dns.createdMicros == Self.now)
        #expect(dns.factoryAuth == "seeded-factory")

        // aws-id keys are made when the seed has none, and kept when it has them.
        let aws = try #require(try store.token(ControlSeeds.awsID))
        #expect(aws.createdMicros == 1_500_000_001_500_000)
        #expect(Formats.isAccessKeyID(aws.attributes["access_key_id"] ?? ""))
        #expect(Formats.isSecretAccessKey(aws.attributes["secret_access_key"] ?? ""))
        #expect(Formats.isAWSUsername(aws.attributes["username"] ?? ""))
        let given = try #require(try store.token(ControlSeeds.givenKeysID))
        #expect(given.attributes == [
            "access_key_id": ControlSeeds.givenAccessKey, "secret_access_key": ControlSeeds.givenSecret,
            "username": "given-user",
        ])
        #expect(given.url == "http://example.com/given")
        #expect(given.hostname == "given.example.com")
        let shown = TokenPresenter.object(given)
        #expect(shown["renders"]?["aws-id"] == .string(
            "\n    [default]\n    aws_access_key_id = \(ControlSeeds.givenAccessKey)\n    aws_secret_access_key = \(ControlSeeds.givenSecret)"))
    }

    @Test("Applying twice (a restart over the same database) leaves the same rows, changed ones untouched")
    func idempotent() throws {
        let store = try Self.emptyStore()
        let seed = try Self.parse(ControlSeeds.document)
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        let once = try ControlSeeds.rows(store)
        let counter = try store.currentUpdatedID()
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now + 5_000_000)
        #expect(try ControlSeeds.rows(store) == once)
        #expect(try store.currentUpdatedID() == counter)
        #expect(try store.tokenCount() == 4)
        // A seeded row changed since is left as it is, not overwritten.
        _ = try store.updateToken(ControlSeeds.httpID, memo: "changed", enabled: false)
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        #expect(try store.token(ControlSeeds.httpID)?.memo == "changed")
        #expect(try store.token(ControlSeeds.httpID)?.enabled == false)
    }

    @Test("A seeded token without a url gets the same url in two fresh stores (a reseed does not move it)")
    func stableURL() throws {
        let seed = try Self.parse(ControlSeeds.document)
        var urls: [String] = []
        for _ in 0..<2 {
            let store = try Self.emptyStore()
            try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
            urls.append(try #require(try store.token(ControlSeeds.dnsID)?.url))
        }
        #expect(urls[0] == urls[1])
        #expect(urls[0] == Identifiers.stableTokenURL(id: ControlSeeds.dnsID, domain: "seed.localhost"))
        #expect(urls[0].hasPrefix("http://seed.localhost/") && urls[0].contains("/\(ControlSeeds.dnsID)/"))
        // The word and page depend on the id: ten ids do not all share one path shape.
        let shapes = Set((0..<10).map { number in
            let parts = Identifiers.stableTokenURL(id: "token\(number)", domain: "d").split(separator: "/")
            return "\(parts[2])/\(parts[4])"
        })
        #expect(shapes.count > 1)
    }

    @Test("apply refuses a factory or token in a flock that does not exist, and a token of a missing factory, naming them")
    func missingFlock() throws {
        let store = try Self.emptyStore()
        let factory = try Self.parse(#"{"factories": [{"factory_auth": "a", "memo": "lost", "flock_id": "\#(Self.flock)"}]}"#)
        #expect(throws: ConfigurationError(
            "seed file seed.json: factories[0].flock_id: flock \(Self.flock) does not exist (list it under \"flocks\")")) {
            try factory.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        }
        let token = try Self.parse(#"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "flock_id": "\#(Self.flock)"}]}"#)
        #expect(throws: ConfigurationError(
            "seed file seed.json: tokens[0].flock_id: flock \(Self.flock) does not exist (list it under \"flocks\")")) {
            try token.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        }
        let orphan = try Self.parse(#"{"tokens": [{"canarytoken": "abc", "kind": "dns", "memo": "m", "factory_auth": "s3cret"}]}"#)
        #expect(throws: ConfigurationError(
            "seed file seed.json: tokens[0].factory_auth: names no factory (list it under \"factories\")")) {
            try orphan.apply(to: store, tokenDomain: "seed.localhost", nowMicros: Self.now)
        }
        #expect(try store.tokenCount() == 0)
    }

    @Test("A state dump fed back as a seed rebuilds the same console")
    func stateRoundTrip() throws {
        let console = try TestConsole()
        let flock = try console.call(.post, "/api/v1/flock/create", [("name", "Round Trip")])
        let flockID = try #require(flock.json["flock_id"]?.stringValue)
        _ = try console.createToken(kind: "http", memo: "web bug", [("flock_id", flockID)])
        _ = try console.createToken(kind: "aws-id", memo: "keys")
        _ = try console.createToken(kind: "cloned-web", memo: "clone", [("cloned_web", "example.com")])
        let (_, disabled) = try console.createToken(kind: "dns", memo: "off")
        _ = try console.call(.post, "/api/v1/canarytoken/disable", [("canarytoken", disabled)])
        let factory = try console.newFactory([("memo", "made")])
        let made = try console.factoryCreate([("factory_auth", factory), ("memo", "by factory"), ("kind", "dns")])
        #expect(made.status == 200)
        _ = try console.deleteFactory([("factory_auth", TestConsole.factoryAuth)])
        let state = try console.send(.make("/_mock/state"))

        let seed = try SeedFile.parse(JSONWriter.encode(state.json), path: "state.json")
        // A console without configured rows: the seed alone rebuilds them (over configured rows, apply would leave
        // them as they are, deleted factory included).
        let rebuilt = try TestConsole(configuration: MockConfiguration())
        try seed.apply(to: rebuilt.store, tokenDomain: TestConsole.domain, nowMicros: TestConsole.now)
        let again = try rebuilt.send(.make("/_mock/state"))
        #expect(again.json["flocks"] == state.json["flocks"])
        #expect(again.json["factories"] == state.json["factories"])
        let before = state.json["tokens"]?.arrayValue?.map(ControlSeeds.withoutCounter)
        let after = again.json["tokens"]?.arrayValue?.map(ControlSeeds.withoutCounter)
        #expect(before?.count == 5)
        #expect(after == before)
    }
}
