import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("ConsoleSeeder: configured flocks and factories")
struct ConsoleSeederTests {
    static let flockA = "flock:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    static let flockB = "flock:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

    /// A configuration from config-file text.
    static func configuration(_ json: String) throws -> MockConfiguration {
        let command = try ConfigurationLoader.load(
            arguments: ["--config", "seed.json"], environment: [:], readFile: { _ in Array(json.utf8) })
        guard case .serve(let configuration) = command else { throw ConfigurationError("not serve") }
        return configuration
    }

    static let document = """
        {
          "flocks": [{"flock_id": "\(flockA)", "name": "Flock A"}, {"flock_id": "\(flockB)", "name": "Flock B"}],
          "factories": [
            {"factory_auth": "scripted-factory", "memo": "scripts", "flock_id": "\(flockA)"},
            {"factory_auth": "default-factory", "memo": "default flock"}
          ]
        }
        """

    @Test("Creates the configured flocks and factories, and the Default Flock exists")
    func seeds() throws {
        let store = try ConsoleStore(path: ":memory:")
        try ConsoleSeeder.seed(store, try Self.configuration(Self.document), nowMicros: TestConsole.now)
        #expect(try store.flockExists("flock:default"))
        #expect(try store.flock("flock:default")?.name == "Default Flock")
        #expect(try store.flock(Self.flockA)?.name == "Flock A")
        #expect(try store.flock(Self.flockB)?.name == "Flock B")
        #expect(try store.flocks().count == 3)
        let scripted = try #require(try store.factory("scripted-factory"))
        #expect(scripted.memo == "scripts")
        #expect(scripted.flockID == Self.flockA)
        #expect(scripted.createdMicros == TestConsole.now)
        #expect(!scripted.isDeleted)
        #expect(try store.factory("default-factory")?.flockID == "flock:default")
        #expect(try store.factories(includeDeleted: true).count == 2)
    }

    @Test("Seeding again changes nothing: no duplicates, existing rows kept as they are")
    func idempotent() throws {
        let store = try ConsoleStore(path: ":memory:")
        let configuration = try Self.configuration(Self.document)
        try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now)
        try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now + 1_000_000)
        #expect(try store.flocks().count == 3)
        #expect(try store.factories(includeDeleted: true).count == 2)
        #expect(try store.factory("scripted-factory")?.createdMicros == TestConsole.now)
        #expect(try store.flock(Self.flockA)?.createdMicros == TestConsole.now)
        // A changed memo or name does not overwrite what exists.
        let renamed = try Self.configuration(
            Self.document.replacingOccurrences("Flock A", with: "Renamed").replacingOccurrences("\"scripts\"", with: "\"new memo\""))
        try ConsoleSeeder.seed(store, renamed, nowMicros: TestConsole.now + 2_000_000)
        #expect(try store.flock(Self.flockA)?.name == "Flock A")
        #expect(try store.factory("scripted-factory")?.memo == "scripts")
    }

    @Test("A factory deleted through the API is neither duplicated nor revived by seeding again")
    func deletedStaysDeleted() throws {
        let store = try ConsoleStore(path: ":memory:")
        let configuration = try Self.configuration(Self.document)
        try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now)
        #expect(try store.deleteFactory("scripted-factory", atMicros: TestConsole.now + 5))
        try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now + 10)
        #expect(try store.factory("scripted-factory")?.isDeleted == true)
        #expect(try store.factories(includeDeleted: true).count == 2)
    }

    @Test("Keeps existing data: tokens survive seeding again")
    func keepsTokens() throws {
        let console = try TestConsole()
        _ = try console.createToken(kind: "dns")
        try ConsoleSeeder.seed(console.store, console.configuration, nowMicros: TestConsole.now)
        #expect(try console.store.tokenCount() == 1)
    }

    @Test("A factory in a flock that is not configured is a ConfigurationError naming the file, the key and the flock")
    func unknownFlock() throws {
        let store = try ConsoleStore(path: ":memory:")
        let configuration = try Self.configuration("""
            {"factories": [{"factory_auth": "lost", "memo": "lost factory", "flock_id": "\(Self.flockB)"}]}
            """)
        #expect(throws: ConfigurationError(
            "config file seed.json: key \"factories[0].flock_id\": flock \(Self.flockB) does not exist (list it under \"flocks\")")) {
            try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now)
        }
        #expect(try store.factory("lost") == nil)
    }

    @Test("The configured flocks and factories are a seed without tokens, stored by the seed file's path")
    func configurationIsASeed() throws {
        let configuration = try Self.configuration(Self.document)
        let seed = configuration.seed
        #expect(seed.flocks == configuration.flocks)
        #expect(seed.factories == configuration.factories)
        #expect(seed.tokens.isEmpty)
        // A seed file's factory may go to a configured flock: both are applied in one transaction, as at start.
        let file = try SeedFile.parse(Array("""
            {"factories": [{"factory_auth": "from-seed", "memo": "m", "flock_id": "\(Self.flockB)"}]}
            """.utf8), path: "s.json")
        let store = try ConsoleStore(path: ":memory:")
        try store.transaction { transaction in
            try ConsoleSeeder.seed(in: transaction, configuration, nowMicros: TestConsole.now)
            try file.prepare(tokenDomain: configuration.tokenDomain, nowMicros: TestConsole.now).write(in: transaction)
        }
        #expect(try store.factory("from-seed")?.flockID == Self.flockB)
    }

    @Test("A seeded factory makes tokens through the API")
    func seededFactoryWorks() throws {
        let console = try TestConsole(configuration: try Self.configuration(Self.document))
        let reply = try console.factoryCreate([("factory_auth", "scripted-factory"), ("memo", "m"), ("kind", "dns")])
        #expect(reply.status == 200)
        #expect(reply.json["canarytoken"]?["flock_id"] == .string(Self.flockA))
        #expect(reply.json["canarytoken"]?["factory_auth"] == "scripted-factory")
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
