import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("DELETE /api/v1/canarytoken/delete_factory")
struct DeleteFactoryHandlerTests {
    @Test(
        "Deletes with factory_auth in the query string (canarytools), a form body (the docs) or multipart",
        arguments: Transport.allCases)
    func deletes(_ transport: Transport) throws {
        let console = try TestConsole()
        let auth = try console.newFactory()
        let reply = try console.deleteFactory([("factory_auth", auth)], via: transport)
        #expect(reply.status == 200)
        #expect(reply.keys == ["msg", "result"])
        #expect(reply.text == "{\n  \"msg\": \"TokenFactory auth string deleted\",\n  \"result\": \"success\"\n}\n")
        let factory = try #require(try console.store.factory(auth))
        #expect(factory.isDeleted)
        #expect(factory.deletedMicros == TestConsole.now)
    }

    @Test("Deletes a factory from the configuration")
    func deletesConfigured() throws {
        let console = try TestConsole()
        #expect(try console.deleteFactory([("factory_auth", TestConsole.factoryAuth)]).status == 200)
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == true)
        #expect(try console.store.factory(TestConsole.otherFlockFactoryAuth)?.isDeleted == false)
    }

    @Test("Leaves the tokens the factory made, with their factory_auth")
    func tokensStay() throws {
        let console = try TestConsole()
        let auth = try console.newFactory()
        let made = try console.factoryCreate([("factory_auth", auth), ("memo", "made by factory"), ("kind", "aws-id")])
        let id = try #require(made.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(try console.deleteFactory([("factory_auth", auth)]).status == 200)
        #expect(try console.store.tokenCount() == 1)
        #expect(try console.store.token(id)?.factoryAuth == auth)
        let fetched = try console.fetch(id)
        #expect(fetched.json["token"]?["factory_auth"] == .string(auth))
        #expect(fetched.json["token"] == made.json["canarytoken"])
    }

    @Test("Answers Could not find the factory auth string (404) the second time")
    func deleteTwice() throws {
        let console = try TestConsole()
        let auth = try console.newFactory()
        #expect(try console.deleteFactory([("factory_auth", auth)]).status == 200)
        let again = try console.deleteFactory([("factory_auth", auth)])
        expectError(again, Message.factoryNotFound, status: 404)
        #expect(try console.store.factory(auth)?.deletedMicros == TestConsole.now)
    }

    @Test("Answers Could not find the factory auth string (404) for an unknown one", arguments: ["0123456789abcdef0123456789abcdef", "nope"])
    func unknown(auth: String) throws {
        let console = try TestConsole()
        expectError(try console.deleteFactory([("factory_auth", auth)]), Message.factoryNotFound, status: 404)
    }

    @Test("Answers Could not process the parameters (400) when factory_auth is missing or empty")
    func missing() throws {
        let console = try TestConsole()
        expectError(try console.deleteFactory([]), Message.badParameters, status: 400)
        expectError(try console.deleteFactory([("factory_auth", "")]), Message.badParameters, status: 400)
        expectError(try console.deleteFactory([("factory", TestConsole.factoryAuth)], via: .form), Message.badParameters, status: 400)
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == false)
    }

    @Test("Needs the API key: the factory string is not one")
    func needsAuth() throws {
        let console = try TestConsole()
        let auth = try console.newFactory()
        let parameters = [("factory_auth", auth)]
        expectError(
            try console.call(.delete, Paths.deleteFactory, parameters, via: .query, auth: .none), Message.invalidAuthToken,
            status: 401)
        expectError(
            try console.call(.delete, Paths.deleteFactory, parameters, via: .query, auth: .parameter(auth)),
            Message.invalidAuthToken, status: 401)
        expectError(
            try console.call(.delete, Paths.deleteFactory, parameters, via: .query, auth: .header(auth)), Message.unauthorized,
            status: 401)
        // Auth comes before the missing parameter.
        expectError(
            try console.call(.delete, Paths.deleteFactory, [], via: .query, auth: .parameter("wrong")), Message.invalidAuthToken,
            status: 401)
        #expect(try console.store.factory(auth)?.isDeleted == false)
    }

    @Test("After deletion the factory endpoint refuses the string with Invalid factory_auth")
    func deletedFactoryRefused() throws {
        let console = try TestConsole()
        let auth = try console.newFactory()
        #expect(try console.factoryCreate([("factory_auth", auth), ("memo", "before"), ("kind", "http")]).status == 200)
        #expect(try console.deleteFactory([("factory_auth", auth)]).status == 200)
        let after = try console.factoryCreate([("factory_auth", auth), ("memo", "after"), ("kind", "http")])
        expectError(after, Message.invalidFactoryAuth, status: 401)
        #expect(try console.store.tokenCount() == 1)
    }

    @Test("Answers 405 with Allow for POST and GET", arguments: [HTTPMethod.post, .get])
    func otherMethods(method: HTTPMethod) throws {
        let console = try TestConsole()
        let reply = try console.call(method, Paths.deleteFactory, [("factory_auth", TestConsole.factoryAuth)], via: .query)
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "DELETE")
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == false)
    }
}
