import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("POST /api/v1/canarytoken/create_factory")
struct CreateFactoryHandlerTests {
    @Test("Answers a new factory auth string and the factory URL, byte for byte")
    func success() throws {
        let console = try TestConsole()
        let reply = try console.createFactory([("memo", "Fleet rollout")])
        #expect(reply.status == 200)
        #expect(reply.keys == ["factory_auth", "factory_url", "result"])
        let auth = try #require(reply.json["factory_auth"]?.stringValue)
        #expect(Formats.isFactoryAuth(auth), "\(auth)")
        #expect(reply.json["factory_url"] == "/api/v1/canarytoken/factory")
        #expect(reply.json["result"] == "success")
        #expect(
            reply.text == """
                {
                  "factory_auth": "\(auth)",
                  "factory_url": "/api/v1/canarytoken/factory",
                  "result": "success"
                }

                """)
    }

    @Test("Stores the factory with its memo, the Default Flock and the time")
    func stores() throws {
        let console = try TestConsole()
        let auth = try console.newFactory([("memo", "Fleet rollout")])
        let factory = try #require(try console.store.factory(auth))
        #expect(factory.factoryAuth == auth)
        #expect(factory.memo == "Fleet rollout")
        #expect(factory.flockID == "flock:default")
        #expect(factory.createdMicros == TestConsole.now)
        #expect(!factory.isDeleted)
        // Making a factory does not change any token.
        #expect(try console.store.currentUpdatedID() == 0)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Stores a given flock")
    func givenFlock() throws {
        let console = try TestConsole()
        let auth = try console.newFactory([("memo", "m"), ("flock_id", TestConsole.otherFlock)])
        #expect(try console.store.factory(auth)?.flockID == TestConsole.otherFlock)
    }

    @Test("Makes a different auth string every time")
    func distinct() throws {
        let console = try TestConsole()
        let auths = try (0..<20).map { _ in try console.newFactory() }
        #expect(Set(auths).count == 20)
        #expect(try console.store.factories(includeDeleted: true).count == 20 + 2)
    }

    @Test("Takes its parameters from the query string, a form body or a multipart body", arguments: Transport.allCases)
    func transports(_ transport: Transport) throws {
        let console = try TestConsole()
        let reply = try console.createFactory([("memo", "via \(transport)"), ("flock_id", TestConsole.otherFlock)], via: transport)
        #expect(reply.status == 200)
        let auth = try #require(reply.json["factory_auth"]?.stringValue)
        #expect(try console.store.factory(auth)?.memo == "via \(transport)")
        #expect(try console.store.factory(auth)?.flockID == TestConsole.otherFlock)
    }

    @Test("Answers Empty memo for a missing or blank memo", arguments: [nil, "", "  ", "\t\n"] as [String?])
    func emptyMemo(memo: String?) throws {
        let console = try TestConsole()
        expectError(try console.createFactory(memo.map { [("memo", $0)] } ?? []), Message.emptyMemo, status: 400)
        #expect(try console.store.factories(includeDeleted: true).count == 2)
    }

    @Test("Takes a memo of 10,000 characters and refuses 10,001 with Could not process the parameters")
    func memoLength() throws {
        let console = try TestConsole()
        let auth = try console.newFactory([("memo", String(repeating: "f", count: 10_000))])
        #expect(try console.store.factory(auth)?.memo.count == 10_000)
        let reply = try console.createFactory([("memo", String(repeating: "f", count: 10_001))])
        expectError(reply, Message.badParameters, status: 400)
        #expect(try console.store.factories(includeDeleted: true).count == 3)
    }

    @Test("Answers Flock does not exist. for an unknown flock")
    func unknownFlock() throws {
        let console = try TestConsole()
        expectError(
            try console.createFactory([("memo", "m"), ("flock_id", TestConsole.unknownFlock)]), Message.noFlock, status: 400)
        #expect(try console.store.factories(includeDeleted: true).count == 2)
    }

    @Test("Checks auth, then memo, then flock")
    func order() throws {
        let console = try TestConsole()
        let badAll = [("flock_id", TestConsole.unknownFlock)]
        expectError(
            try console.call(.post, Paths.createFactory, badAll, auth: .parameter("wrong")), Message.invalidAuthToken,
            status: 401)
        expectError(try console.call(.post, Paths.createFactory, badAll, auth: .header("wrong")), Message.unauthorized, status: 401)
        expectError(try console.createFactory(badAll), Message.emptyMemo, status: 400)
        expectError(try console.createFactory([("memo", "m")] + badAll), Message.noFlock, status: 400)
    }

    @Test("Answers 405 with Allow for GET")
    func getNotAllowed() throws {
        let console = try TestConsole()
        let reply = try console.call(.get, Paths.createFactory, [("memo", "m")], via: .query)
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "POST")
    }
}
