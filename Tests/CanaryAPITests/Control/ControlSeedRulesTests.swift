import CanaryAPI
import CanaryStore
import Glibc
import MiniHTTP
import Testing

@Suite("Seeds held to create's rules, applied all or nothing; reset and reseed in one transaction")
struct ControlSeedRulesTests {
    static let missingFlock = "flock:cccccccccccccccccccccccccccccccc"

    static func parse(_ text: String) throws(ConfigurationError) -> SeedFile {
        try SeedFile.parse(Array(text.utf8), path: "seed.json")
    }

    /// A seeded token entry and the exact error it gets.
    struct Refusal: Sendable, CustomTestStringConvertible {
        let entry: String
        let message: String
        var testDescription: String { message }
    }

    static let longURL = "http://example.com/" + String(repeating: "a", count: 2400)
    static let refusals: [Refusal] = [
        Refusal(entry: #"{"canarytoken": "a", "kind": "signed-exe", "memo": "m", "exe_name": "x.exe"}"#,
                message: "tokens[0].exe_name: kind signed-exe needs an uploaded file (exe), which a seed file cannot hold"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "web-image", "memo": "m"}"#,
                message: "tokens[0].web_image_name: kind web-image needs an uploaded file (web_image), which a seed file cannot hold"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "cloned-web", "memo": "m"}"#,
                message: "tokens[0].cloned_web: is required (kind cloned-web)"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "cloned-web", "memo": "m", "cloned_web": "localhost"}"#,
                message: "tokens[0].cloned_web: must be a domain name of at least two labels (kind cloned-web)"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "aws-id", "memo": "m", "username": "no spaces"}"#,
                message: "tokens[0].username: must be 1 to 64 of A-Z a-z 0-9 + = , . @ _ - (kind aws-id)"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "aws-s3", "memo": "m", "aws_region": "us-east-1"}"#,
                message: "tokens[0].aws_region: must be given together with aws_access_key (kind aws-s3)"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "http", "memo": "m", "browser_scanner_enabled": "maybe"}"#,
                message: "tokens[0].browser_scanner_enabled: must be true or false (kind http)"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "dns", "memo": "  "}"#,
                message: #"tokens[0].memo: must not be blank (create answers "Empty memo")"#),
        Refusal(entry: #"{"canarytoken": "a", "kind": "dns", "memo": "m", "url": "http://x/\u0000"}"#,
                message: "tokens[0].url: must be http:// or https:// and a host, in visible ASCII only, at most 8192 bytes"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "dns", "memo": "m", "url": "ftp://x/"}"#,
                message: "tokens[0].url: must be http:// or https:// and a host, in visible ASCII only, at most 8192 bytes"),
        Refusal(entry: #"{"canarytoken": "a", "kind": "dns", "memo": "m", "hostname": "a b"}"#,
                message: "tokens[0].hostname: must be a host name"),
    ]

    @Test("A seeded token create would refuse is refused with one line naming the file, the entry and the rule",
          arguments: refusals)
    func kindRules(_ refusal: Refusal) {
        #expect(throws: ConfigurationError("seed file seed.json: \(refusal.message)")) {
            try Self.parse(#"{"tokens": [\#(refusal.entry)]}"#)
        }
    }

    @Test("A seeded qr-code URL longer than a QR code holds is refused before anything is written")
    func qrCodeURL() throws {
        let seed = try Self.parse(#"{"tokens": [{"canarytoken": "a", "kind": "qr-code", "memo": "m", "url": "\#(Self.longURL)"}]}"#)
        let store = try ConsoleStore(path: ":memory:")
        #expect(throws: ConfigurationError(
            "seed file seed.json: tokens[0].url: is 2419 bytes, over the 2331 a QR code holds (kind qr-code)")) {
            try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: 1)
        }
        #expect(try store.tokenCount() == 0)
    }

    @Test("Seeded tokens get create's fields: a boolean default, and a secret parameter checked but not stored")
    func createFields() throws {
        let seed = try Self.parse("""
            {"tokens": [{"canarytoken": "a", "kind": "http", "memo": "m"},
                        {"canarytoken": "b", "kind": "aws-s3", "memo": "m", "aws_region": "us-east-1", "aws_access_key": "AKIA"}]}
            """)
        let store = try ConsoleStore(path: ":memory:")
        try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: 1)
        #expect(try store.token("a")?.attributes == ["browser_scanner_enabled": "true"])
        #expect(try store.token("b")?.attributes == ["aws_region": "us-east-1"])
    }

    @Test("A seed with valid entries and then a token in a missing flock changes nothing: same tokens, same counter")
    func refusedSeedWritesNothing() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(NewToken(
            canarytoken: "before", kind: "dns", memo: "m", flockID: "flock:default", createdMicros: 1, url: "http://x/",
            hostname: "before.x"))
        let counter = try store.currentUpdatedID()
        let seed = try Self.parse("""
            {"flocks": [{"flock_id": "flock:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "New"}],
             "factories": [{"factory_auth": "f", "memo": "m"}],
             "tokens": [{"canarytoken": "one", "kind": "dns", "memo": "m"},
                        {"canarytoken": "two", "kind": "dns", "memo": "m", "flock_id": "\(Self.missingFlock)"}]}
            """)
        #expect(throws: ConfigurationError(
            "seed file seed.json: tokens[1].flock_id: flock \(Self.missingFlock) does not exist (list it under \"flocks\")")) {
            try seed.apply(to: store, tokenDomain: "seed.localhost", nowMicros: 1)
        }
        #expect(try store.tokens(flockID: nil).map(\.canarytoken) == ["before"])
        #expect(try store.currentUpdatedID() == counter)
        #expect(try store.flocks().map(\.flockID) == ["flock:default"])
        #expect(try store.factories(includeDeleted: true).isEmpty)
    }

    @Test("reset?reseed=true whose seed is refused answers 500 and leaves the console as it was (not emptied)")
    func reseedAtomic() throws {
        let store = try ConsoleStore(path: ":memory:")
        let seed = try Self.parse("""
            {"tokens": [{"canarytoken": "one", "kind": "dns", "memo": "m"},
                        {"canarytoken": "two", "kind": "dns", "memo": "m", "flock_id": "\(Self.missingFlock)"}]}
            """)
        let api = ConsoleAPI(context: ConsoleContext(store: store, configuration: MockConfiguration(), seed: seed))
        for id in ["x1", "x2"] {
            _ = try store.insertToken(NewToken(
                canarytoken: id, kind: "dns", memo: "m", flockID: "flock:default", createdMicros: 1, url: "http://x/",
                hostname: "\(id).x"))
        }
        let response = api.respond(to: .make(.post, "/_mock/reset", form: [("reseed", "true")]))
        #expect(response.status == .internalServerError)
        #expect(try JSONReader.parse(response.body)["message"] == "Could not save Canarydrop")
        #expect(try store.tokens(flockID: nil).map(\.canarytoken) == ["x1", "x2"])
        #expect(try store.currentUpdatedID() == 2)
    }

    @Test("Health answers 503 naming the file once the database is deleted or replaced, and create is refused")
    func healthFileCheck() throws {
        for replace in [false, true] {
            let path = "/tmp/canary-api-health-\(getpid())-\(replace).sqlite3"
            defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
            var configuration = MockConfiguration()
            configuration.database = path
            let store = try ConsoleStore(path: path)
            let api = ConsoleAPI(context: ConsoleContext(store: store, configuration: configuration))
            #expect(api.respond(to: .make("/_mock/health")).status == .ok)
            unlink(path)
            if replace {
                let fd = open(path, O_CREAT | O_WRONLY, 0o644)
                close(fd)
            }
            let health = api.respond(to: .make("/_mock/health"))
            #expect(health.status == .serviceUnavailable)
            let body = try JSONReader.parse(health.body)
            #expect(body["status"] == "unavailable")
            #expect(body["message"]?.stringValue ==
                "database file \(path) was \(replace ? "replaced" : "deleted") while the server runs; writes are refused, restart the server")
            let create = api.respond(to: .make(.post, "/api/v1/canarytoken/create", form: [
                ("auth_token", MockConfiguration.defaultAuthToken), ("kind", "dns"), ("memo", "m"),
            ]))
            #expect(create.status == .internalServerError)
            #expect(try JSONReader.parse(create.body)["message"] == "Could not save Canarydrop")
        }
    }
}
