import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("POST /api/v1/canarytoken/factory and /factory/create")
struct CreateTokenWithFactoryHandlerTests {
    /// The kinds the factory makes by default: all 17 but aws-s3 and apeeper (docs/api.md §3.5).
    static let factoryDefaultKinds = KindCase.all.filter { !["aws-s3", "apeeper"].contains($0.kind) }

    @Test("Makes a token carrying factory_auth, at both paths", arguments: [Paths.factory, Paths.factoryCreate])
    func success(path: String) throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate(
            [("factory_auth", TestConsole.factoryAuth), ("memo", "laptop 42"), ("kind", "aws-id"), ("aws_id_username", "laptop42")],
            path: path)
        #expect(reply.status == 200)
        #expect(reply.keys == ["canarytoken", "result"])
        #expect(reply.json["result"] == "success")
        let token = reply.json["canarytoken"]
        let id = TokenChecks.expectToken(
            token, kind: "aws-id", memo: "laptop 42",
            extraKeys: ["access_key_id", "secret_access_key", "username", "renders", "factory_auth"])
        #expect(token?["factory_auth"] == .string(TestConsole.factoryAuth))
        #expect(token?["username"] == "laptop42")
        #expect(Formats.isAccessKeyID(token?["access_key_id"]?.stringValue ?? ""))
        let stored = try #require(try console.store.token(id))
        #expect(stored.factoryAuth == TestConsole.factoryAuth)
        #expect(stored.flockID == "flock:default")
        #expect(stored.createdMicros == TestConsole.now)
    }

    @Test("Makes every default factory kind", arguments: factoryDefaultKinds)
    func defaultKinds(_ kind: KindCase) throws {
        let console = try TestConsole()
        var body = kind.multipart(memo: "factory kind")
        body.addField("factory_auth", TestConsole.factoryAuth)
        let reply = try console.send(.make(.post, Paths.factory, multipart: body))
        #expect(reply.status == 200, "\(reply.text)")
        TokenChecks.expectToken(
            reply.json["canarytoken"], kind: kind.kind, memo: "factory kind", extraKeys: kind.extraKeys.union(["factory_auth"]))
    }

    @Test("Refuses aws-s3 and apeeper by default, and unknown kinds", arguments: ["aws-s3", "apeeper", "nope", "", "AWS-ID"])
    func refusedKinds(kind: String) throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", kind)])
        expectError(reply, Message.invalidKind, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Answers Supplied kind is not valid. without a kind")
    func missingKind() throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "m")])
        expectError(reply, Message.invalidKind, status: 400)
    }

    @Test("factory_kinds [\"aws-id\"] narrows the factory to aws-id, as the April 2020 seeds")
    func narrowKinds() throws {
        let console = try TestConsole(["factory_kinds": ["aws-id"]])
        let ok = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "aws-id")])
        #expect(ok.status == 200)
        for kind in ["http", "dns", "doc-msword", "aws-s3"] {
            let refused = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", kind)])
            expectError(refused, Message.invalidKind, status: 400)
        }
        // Create itself still makes every kind.
        #expect(try console.create([("memo", "m"), ("kind", "http")]).status == 200)
    }

    @Test("factory_kinds [\"*\"] lets the factory make every kind, aws-s3 and apeeper too", arguments: KindCase.all)
    func everyKind(_ kind: KindCase) throws {
        let console = try TestConsole(["factory_kinds": ["*"]])
        var body = kind.multipart(memo: "star")
        body.addField("factory_auth", TestConsole.factoryAuth)
        let reply = try console.send(.make(.post, Paths.factoryCreate, multipart: body))
        #expect(reply.status == 200, "\(reply.text)")
        TokenChecks.expectToken(
            reply.json["canarytoken"], kind: kind.kind, memo: "star", extraKeys: kind.extraKeys.union(["factory_auth"]))
    }

    @Test("Puts the token in the factory's own flock unless flock_id is given")
    func flockDefault() throws {
        let console = try TestConsole()
        let base = [("factory_auth", TestConsole.otherFlockFactoryAuth), ("memo", "m"), ("kind", "dns")]
        let inOwn = try console.factoryCreate(base)
        TokenChecks.expectToken(
            inOwn.json["canarytoken"], kind: "dns", memo: "m", flockID: TestConsole.otherFlock, extraKeys: ["factory_auth"])
        let inDefault = try console.factoryCreate(base + [("flock_id", "flock:default")])
        #expect(inDefault.json["canarytoken"]?["flock_id"] == "flock:default")
        let fromDefaultFactory = try console.factoryCreate(
            [("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "dns"), ("flock_id", TestConsole.otherFlock)])
        #expect(fromDefaultFactory.json["canarytoken"]?["flock_id"] == .string(TestConsole.otherFlock))
        expectError(try console.factoryCreate(base + [("flock_id", TestConsole.unknownFlock)]), Message.noFlock, status: 400)
    }

    @Test("A factory made by create_factory in a flock puts its tokens there")
    func createdFactoryFlock() throws {
        let console = try TestConsole()
        let auth = try console.newFactory([("memo", "f"), ("flock_id", TestConsole.otherFlock)])
        let reply = try console.factoryCreate([("factory_auth", auth), ("memo", "m"), ("kind", "http")])
        #expect(reply.json["canarytoken"]?["flock_id"] == .string(TestConsole.otherFlock))
        #expect(reply.json["canarytoken"]?["factory_auth"] == .string(auth))
    }

    @Test(
        "Answers Invalid factory_auth (401) for a missing, empty, unknown or wrong-case string",
        arguments: [nil, "", "nope", "FLEET-FACTORY-AUTH", "fleet-factory-aut", "fleet-factory-auth "] as [String?])
    func invalidFactoryAuth(auth: String?) throws {
        let console = try TestConsole()
        let parameters = (auth.map { [("factory_auth", $0)] } ?? []) + [("memo", "m"), ("kind", "http")]
        expectError(try console.factoryCreate(parameters), Message.invalidFactoryAuth, status: 401)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("An auth_token does not replace factory_auth, as a parameter or a header")
    func authTokenNotAccepted() throws {
        let console = try TestConsole()
        let parameters = [("memo", "m"), ("kind", "http")]
        expectError(
            try console.factoryCreate(parameters, auth: .parameter(TestConsole.authToken)), Message.invalidFactoryAuth, status: 401)
        expectError(
            try console.factoryCreate(parameters, auth: .header(TestConsole.authToken)), Message.invalidFactoryAuth, status: 401)
        // The API key as factory_auth is not a factory string either.
        expectError(
            try console.factoryCreate([("factory_auth", TestConsole.authToken)] + parameters), Message.invalidFactoryAuth,
            status: 401)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Ignores an auth_token beside a valid factory_auth, even a wrong one")
    func authTokenIgnored() throws {
        let console = try TestConsole()
        let parameters = [("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "http")]
        #expect(try console.factoryCreate(parameters, auth: .parameter("wrong")).status == 200)
        #expect(try console.factoryCreate(parameters, auth: .header("wrong")).status == 200)
    }

    @Test("Takes factory_auth from the query string, a form body or multipart", arguments: Transport.allCases)
    func transports(_ transport: Transport) throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate(
            [("factory_auth", TestConsole.factoryAuth), ("memo", "via \(transport)"), ("kind", "http"),
             ("browser_scanner_enabled", "False")],
            via: transport)
        #expect(reply.status == 200)
        #expect(reply.json["canarytoken"]?["memo"] == .string("via \(transport)"))
        #expect(reply.json["canarytoken"]?["browser_scanner_enabled"] == false)
    }

    @Test("Applies the memo rule of create: blank → Empty memo, over 10,000 characters → Could not process")
    func memoRule() throws {
        let console = try TestConsole()
        let base = [("factory_auth", TestConsole.factoryAuth), ("kind", "dns")]
        expectError(try console.factoryCreate(base), Message.emptyMemo, status: 400)
        expectError(try console.factoryCreate(base + [("memo", " \t ")]), Message.emptyMemo, status: 400)
        expectError(
            try console.factoryCreate(base + [("memo", String(repeating: "m", count: 10_001))]), Message.badParameters, status: 400)
        #expect(try console.factoryCreate(base + [("memo", String(repeating: "m", count: 10_000))]).status == 200)
        #expect(try console.store.tokenCount() == 1)
    }

    @Test("Applies the kind rules: aws_id_username as in create")
    func kindRules() throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate(
            [("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "aws-id"), ("aws_id_username", "bad name")])
        expectError(reply, Message.badParameters, status: 400)
        let clone = try console.factoryCreate(
            [("factory_auth", TestConsole.factoryAuth), ("memo", "m"), ("kind", "cloned-web"), ("cloned_web", "intranet")])
        expectError(clone, Message.clonedWebLabels, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    static let orderCases: [CreateTokenHandlerTests.OrderCase] = [
        .init(
            testDescription: "bad factory_auth + empty memo → factory_auth",
            parameters: [.init("factory_auth", "nope"), .init("kind", "nope")], auth: .none,
            message: Message.invalidFactoryAuth, status: 401),
        .init(
            testDescription: "empty memo + bad kind → Empty memo",
            parameters: [.init("factory_auth", TestConsole.factoryAuth), .init("memo", " "), .init("kind", "aws-s3")],
            auth: .none, message: Message.emptyMemo, status: 400),
        .init(
            testDescription: "bad kind + bad flock → kind",
            parameters: [
                .init("factory_auth", TestConsole.factoryAuth), .init("memo", "m"), .init("kind", "apeeper"),
                .init("flock_id", TestConsole.unknownFlock),
            ],
            auth: .none, message: Message.invalidKind, status: 400),
        .init(
            testDescription: "bad flock + bad username → flock",
            parameters: [
                .init("factory_auth", TestConsole.factoryAuth), .init("memo", "m"), .init("kind", "aws-id"),
                .init("aws_id_username", "bad name"), .init("flock_id", TestConsole.unknownFlock),
            ],
            auth: .none, message: Message.noFlock, status: 400),
    ]

    @Test("Checks factory_auth, memo, kind, flock, then the kind's rules", arguments: orderCases)
    func order(_ check: CreateTokenHandlerTests.OrderCase) throws {
        let console = try TestConsole()
        let reply = try console.factoryCreate(check.parameters.map(\.tuple), auth: check.auth)
        expectError(reply, check.message, status: check.status)
    }

    @Test("Answers 405 with Allow for GET on both paths", arguments: [Paths.factory, Paths.factoryCreate])
    func getNotAllowed(path: String) throws {
        let console = try TestConsole()
        let reply = try console.call(.get, path, [("factory_auth", TestConsole.factoryAuth)], via: .query, auth: .none)
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "POST")
    }
}
