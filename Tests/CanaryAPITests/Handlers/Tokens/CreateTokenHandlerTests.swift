import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("POST /api/v1/canarytoken/create")
struct CreateTokenHandlerTests {
    // MARK: - Success

    @Test("Answers an http token with every field in the Console's format")
    func httpTokenFields() throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "Web token on the intranet"), ("kind", "http")])
        #expect(reply.status == 200)
        #expect(reply.keys == ["canarytoken", "result"])
        #expect(reply.json["result"] == "success")
        let token = try #require(reply.json["canarytoken"])
        let id = TokenChecks.expectToken(
            token, kind: "http", memo: "Web token on the intranet", extraKeys: ["browser_scanner_enabled"])
        #expect(id.count == 25)
        #expect(token["created"] == "1586161315.087693")
        #expect(token["created_printable"] == "2020-04-06 08:21:55 (UTC)")
        #expect(token["updated_id"] == 1)
        #expect(token["browser_scanner_enabled"] == true)
        #expect(token["hostname"] == .string("\(id).0123456789ab.o3n.io"))
    }

    @Test("Prints the create answer byte for byte as json.dumps(indent=2, sort_keys=True) plus a newline")
    func exactBytes() throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "exact bytes"), ("kind", "dns")])
        let token = try #require(reply.json["canarytoken"])
        let id = try #require(token["canarytoken"]?.stringValue)
        let url = try #require(token["url"]?.stringValue)
        let expected = """
            {
              "canarytoken": {
                "canarytoken": "\(id)",
                "created": "1586161315.087693",
                "created_printable": "2020-04-06 08:21:55 (UTC)",
                "enabled": true,
                "flock_id": "flock:default",
                "hostname": "\(id).0123456789ab.o3n.io",
                "key": "canarydrop:\(id)",
                "kind": "dns",
                "memo": "exact bytes",
                "node_id": "\(id)",
                "triggered_count": 0,
                "updated_id": 1,
                "url": "\(url)"
              },
              "result": "success"
            }

            """
        #expect(reply.text == expected)
        #expect(url.hasPrefix("http://0123456789ab.o3n.io/"))
    }

    @Test("Stores the token it answers with")
    func storesToken() throws {
        let console = try TestConsole()
        #expect(try console.store.tokenCount() == 0)
        let (token, id) = try console.createToken(kind: "http", memo: "stored", [("browser_scanner_enabled", "false")])
        #expect(try console.store.tokenCount() == 1)
        let stored = try #require(try console.store.token(id))
        #expect(stored.canarytoken == id)
        #expect(stored.kind == "http")
        #expect(stored.memo == "stored")
        #expect(stored.flockID == "flock:default")
        #expect(stored.createdMicros == TestConsole.now)
        #expect(stored.enabled)
        #expect(stored.triggeredCount == 0)
        #expect(stored.updatedID == 1)
        #expect(stored.url == token["url"]?.stringValue)
        #expect(stored.hostname == token["hostname"]?.stringValue)
        #expect(stored.factoryAuth == nil)
        #expect(stored.attributes == ["browser_scanner_enabled": "false"])
        #expect(try console.store.currentUpdatedID() == 1)
    }

    @Test("Counts updated_id up by one per token, one counter for the whole console")
    func updatedIDIncrements() throws {
        let console = try TestConsole()
        var ids: [String] = []
        for (offset, kind) in ["http", "dns", "aws-id", "qr-code"].enumerated() {
            let (token, id) = try console.createToken(kind: kind)
            #expect(token["updated_id"] == .int(offset + 1))
            ids.append(id)
        }
        let factoryReply = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "dns")])
        #expect(factoryReply.json["canarytoken"]?["updated_id"] == 5)
        #expect(try console.store.currentUpdatedID() == 5)
        #expect(Set(ids).count == 4)
        // Reading does not change anything.
        #expect(try console.fetch(ids[0]).json["token"]?["updated_id"] == 1)
        #expect(try console.store.currentUpdatedID() == 5)
    }

    @Test("Makes a different id, url and hostname for every token")
    func uniqueIdentifiers() throws {
        let console = try TestConsole()
        var ids: Set<String> = []
        var hostnames: Set<String> = []
        for _ in 0..<50 {
            let (token, id) = try console.createToken(kind: "dns")
            ids.insert(id)
            hostnames.insert(token["hostname"]?.stringValue ?? "")
        }
        #expect(ids.count == 50)
        #expect(hostnames.count == 50)
        #expect(try console.store.tokenCount() == 50)
    }

    @Test("Uses the configured token domain, lowercased")
    func tokenDomain() throws {
        let console = try TestConsole(["token_domain": "Canary.Example.TEST"])
        let (token, id) = try console.createToken(kind: "dns")
        TokenChecks.expectToken(token, kind: "dns", memo: "test memo", domain: "canary.example.test")
        #expect(token["hostname"] == .string("\(id).canary.example.test"))
    }

    @Test("Defaults the token domain to canarytokens.localhost")
    func defaultTokenDomain() throws {
        let console = try TestConsole(["token_domain": nil])
        let (token, id) = try console.createToken(kind: "dns")
        TokenChecks.expectToken(token, kind: "dns", memo: "test memo", domain: "canarytokens.localhost")
        #expect(token["hostname"] == .string("\(id).canarytokens.localhost"))
    }

    @Test("Puts the token in a given flock")
    func givenFlock() throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "dns", [("flock_id", TestConsole.otherFlock)])
        TokenChecks.expectToken(token, kind: "dns", memo: "test memo", flockID: TestConsole.otherFlock)
        #expect(try console.store.token(id)?.flockID == TestConsole.otherFlock)
    }

    @Test("Puts the token in the Default Flock when flock_id is absent or empty")
    func defaultFlock() throws {
        let console = try TestConsole()
        for extra in [[], [("flock_id", "")], [("flock_id", "flock:default")]] as [[(String, String)]] {
            let (token, _) = try console.createToken(kind: "dns", extra)
            #expect(token["flock_id"] == "flock:default")
        }
    }

    @Test("Keeps the memo verbatim: spaces, quotes, backslashes and non-ASCII escaped as \\uXXXX")
    func memoVerbatim() throws {
        let console = try TestConsole()
        let memo = "  Büro \"Q3\" report\\path / ✓ 😀  "
        let reply = try console.create([("memo", memo), ("kind", "dns")])
        #expect(reply.status == 200)
        #expect(reply.json["canarytoken"]?["memo"] == .string(memo))
        #expect(reply.text.contains(#""memo": "  B\u00fcro \"Q3\" report\\path / \u2713 \ud83d\ude00  ","#))
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(try console.store.token(id)?.memo == memo)
    }

    @Test(
        "Accepts a memo of exactly 10,000 characters, counted as code points",
        arguments: ["a", "é", "😀"])
    func memoAtLimit(character: String) throws {
        let console = try TestConsole()
        let memo = String(repeating: character, count: 10_000)
        let reply = try console.create([("memo", memo), ("kind", "dns")])
        #expect(reply.status == 200)
        #expect(reply.json["canarytoken"]?["memo"] == .string(memo))
    }

    @Test("Refuses a memo of 10,001 characters with Could not process the parameters", arguments: ["a", "é", "😀"])
    func memoOverLimit(character: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", String(repeating: character, count: 10_001)), ("kind", "dns")])
        expectError(reply, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    // MARK: - Errors

    @Test(
        "Answers Empty memo for a missing or blank memo",
        arguments: [nil, "", " ", "   ", "\t", "\n", " \t\r\n ", "\u{00A0}", "\u{3000}"] as [String?])
    func emptyMemo(memo: String?) throws {
        let console = try TestConsole()
        let parameters = (memo.map { [("memo", $0)] } ?? []) + [("kind", "http")]
        expectError(try console.create(parameters), Message.emptyMemo, status: 400)
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.store.currentUpdatedID() == 0)
    }

    @Test(
        "Answers Supplied kind is not valid. for a missing or unknown kind",
        arguments: [nil, "", "HTTP", "Http", "web", "aws_id", "http ", " http", "canarytoken", "*"] as [String?])
    func invalidKind(kind: String?) throws {
        let console = try TestConsole()
        let parameters = [("memo", "m")] + (kind.map { [("kind", $0)] } ?? [])
        expectError(try console.create(parameters), Message.invalidKind, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test(
        "Answers Flock does not exist. for an unknown flock_id",
        arguments: [TestConsole.unknownFlock, "flock:nope", "default", "flock:DEFAULT", "Default Flock"])
    func unknownFlock(flockID: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "dns"), ("flock_id", flockID)])
        expectError(reply, Message.noFlock, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    /// One request that fails two checks at once, and the error the earlier check gives.
    struct OrderCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let parameters: [Pair]
        let auth: Auth
        let message: String
        let status: Int
    }

    static let orderCases: [OrderCase] = [
        OrderCase(
            testDescription: "bad auth_token + empty memo → auth", parameters: [.init("kind", "http")],
            auth: .parameter("wrong"), message: Message.invalidAuthToken, status: 401),
        OrderCase(
            testDescription: "no auth + empty memo → auth", parameters: [.init("memo", " ")], auth: .none,
            message: Message.invalidAuthToken, status: 401),
        OrderCase(
            testDescription: "bad header + empty memo + bad kind → Unauthorized",
            parameters: [.init("kind", "nope")], auth: .header("wrong"), message: Message.unauthorized, status: 401),
        OrderCase(
            testDescription: "empty memo + bad kind → Empty memo",
            parameters: [.init("memo", ""), .init("kind", "nope")], auth: .parameter(TestConsole.authToken),
            message: Message.emptyMemo, status: 400),
        OrderCase(
            testDescription: "empty memo + bad flock → Empty memo",
            parameters: [.init("kind", "http"), .init("flock_id", TestConsole.unknownFlock)],
            auth: .parameter(TestConsole.authToken), message: Message.emptyMemo, status: 400),
        OrderCase(
            testDescription: "memo too long + bad kind → Could not process",
            parameters: [.init("memo", String(repeating: "m", count: 10_001)), .init("kind", "nope")],
            auth: .parameter(TestConsole.authToken), message: Message.badParameters, status: 400),
        OrderCase(
            testDescription: "bad kind + bad flock → kind",
            parameters: [.init("memo", "m"), .init("kind", "nope"), .init("flock_id", TestConsole.unknownFlock)],
            auth: .parameter(TestConsole.authToken), message: Message.invalidKind, status: 400),
        OrderCase(
            testDescription: "bad flock + bad cloned_web → flock",
            parameters: [
                .init("memo", "m"), .init("kind", "cloned-web"), .init("cloned_web", "localhost"),
                .init("flock_id", TestConsole.unknownFlock),
            ],
            auth: .parameter(TestConsole.authToken), message: Message.noFlock, status: 400),
        OrderCase(
            testDescription: "bad flock + missing web_image → flock",
            parameters: [.init("memo", "m"), .init("kind", "web-image"), .init("flock_id", TestConsole.unknownFlock)],
            auth: .parameter(TestConsole.authToken), message: Message.noFlock, status: 400),
        OrderCase(
            testDescription: "bad flock + bad browser_scanner_enabled → flock",
            parameters: [
                .init("memo", "m"), .init("kind", "http"), .init("browser_scanner_enabled", "yes"),
                .init("flock_id", TestConsole.unknownFlock),
            ],
            auth: .parameter(TestConsole.authToken), message: Message.noFlock, status: 400),
    ]

    @Test("Checks auth, memo, kind, flock, then the kind's rules: the first failure answers", arguments: orderCases)
    func checkOrder(_ check: OrderCase) throws {
        let console = try TestConsole()
        let reply = try console.create(check.parameters.map(\.tuple), auth: check.auth)
        expectError(reply, check.message, status: check.status)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test(
        "Answers Could not process the parameters (400) for undecodable parameters, never a crash",
        arguments: [
            "memo=%FF&kind=http", "memo=ok&kind=%FF", "memo=%C3%28&kind=http", "%FF=1&memo=ok&kind=http",
            "memo=%G1&kind=http", "memo=%&kind=http", "memo=%4&kind=http", "memo=%ED%A0%80&kind=http",
        ])
    func undecodableParameters(query: String) throws {
        let console = try TestConsole()
        let viaQuery = HTTPRequest.make(.post, "\(Paths.create)?auth_token=\(TestConsole.authToken)&\(query)")
        expectError(try console.send(viaQuery), Message.badParameters, status: 400)
        var viaForm = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "application/x-www-form-urlencoded")])
        viaForm.body = Array(query.utf8)
        expectError(try console.send(viaForm), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Ignores unknown parameters")
    func unknownParameters() throws {
        let console = try TestConsole()
        let (token, _) = try console.createToken(
            kind: "dns", [("colour", "blue"), ("s3_log_bucket", "INVALID BUCKET"), ("cloned_web", "x")])
        TokenChecks.expectToken(token, kind: "dns", memo: "test memo")
    }

    @Test("Ignores a JSON body that is not an object: only an object's members are parameters")
    func jsonBodyIgnored() throws {
        let console = try TestConsole()
        var request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "application/json")])
        request.body = Array(#"[{"memo": "json", "kind": "http"}]"#.utf8)
        expectError(try console.send(request), Message.emptyMemo, status: 400)
    }
}

/// A name/value pair that can sit in a parameterized test's arguments.
struct Pair: Sendable {
    let name: String
    let value: String
    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
    var tuple: (String, String) { (name, value) }
}
