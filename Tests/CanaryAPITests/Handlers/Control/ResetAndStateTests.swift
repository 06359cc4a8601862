import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("POST /_mock/reset and GET /_mock/state")
struct ResetAndStateTests {
    @Test("State lists flocks, factories (deleted ones marked), tokens and the counter")
    func state() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns", memo: "in the state")
        let reply = try console.send(.make("/_mock/state"))
        #expect(reply.status == 200)
        #expect(reply.keys == ["devices", "factories", "flocks", "ignore_list", "incidents", "result", "tokens", "updated_id"])
        #expect(reply.json["incidents"] == [] && reply.json["devices"] == [])
        let tokens = try #require(reply.json["tokens"]?.arrayValue)
        #expect(tokens.count == 1)
        #expect(tokens.first?["canarytoken"]?.stringValue == id)
        #expect(tokens.first?["memo"] == "in the state")
        #expect(reply.json["updated_id"] == 1)
        let flockIDs = reply.json["flocks"]?.arrayValue?.compactMap { $0["flock_id"]?.stringValue } ?? []
        #expect(flockIDs.sorted() == [TestConsole.otherFlock, "flock:default"].sorted())
        let factories = reply.json["factories"]?.arrayValue ?? []
        #expect(factories.count == console.configuration.factories.count)
        #expect(factories.allSatisfy { $0["deleted"] == false })
    }

    @Test("Reset empties tokens, restores the configured flocks and factories, and needs no auth")
    func reset() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        _ = try console.call(.delete, "/api/v1/canarytoken/delete_factory", [("factory_auth", TestConsole.factoryAuth)], via: .query)
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == true)
        let reply = try console.send(.make(.post, "/_mock/reset"))
        #expect(reply.status == 200)
        #expect(reply.text == "{\n  \"result\": \"success\"\n}\n")
        #expect(try console.store.token(id) == nil)
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.store.currentUpdatedID() == 0)
        #expect(try console.store.flockExists(TestConsole.otherFlock))
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == false)
        let fetch = try console.call(.get, "/api/v1/canarytoken/fetch", [("canarytoken", id)], via: .query)
        #expect(fetch.status == 404)
        // The counter starts over after a reset.
        let (token, _) = try console.createToken(kind: "dns")
        #expect(token["updated_id"] == 1)
    }

    @Test("Reset and state answer other methods with 405")
    func methods() throws {
        let console = try TestConsole()
        #expect(try console.send(.make(.get, "/_mock/reset")).status == 405)
        #expect(try console.send(.make(.post, "/_mock/state")).status == 405)
    }
}
