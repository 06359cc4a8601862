import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("GET /api/v1/canarytoken/fetch")
struct FetchTokenHandlerTests {
    @Test("Answers the token under the key token (not canarytoken), identical to what create answered")
    func fetchesToken() throws {
        let console = try TestConsole()
        let (created, id) = try console.createToken(kind: "http", memo: "fetch me")
        let reply = try console.fetch(id)
        #expect(reply.status == 200)
        #expect(reply.keys == ["result", "token"])
        #expect(reply.json["result"] == "success")
        let token = reply.json["token"]
        TokenChecks.expectToken(token, kind: "http", memo: "fetch me", extraKeys: ["browser_scanner_enabled"])
        #expect(token == created)
        #expect(token?["canarytoken"] == .string(id))
    }

    @Test("Prints the fetch answer with result before token, as sort_keys does")
    func exactLayout() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns", memo: "layout")
        let text = try console.fetch(id).text
        #expect(text.hasPrefix("{\n  \"result\": \"success\",\n  \"token\": {\n    \"canarytoken\": \"\(id)\",\n"))
        #expect(text.hasSuffix("\n  }\n}\n"))
    }

    @Test("Fetches each of several tokens by its own id")
    func fetchesTheRightToken() throws {
        let console = try TestConsole()
        let made = try ["dns", "aws-id", "qr-code"].map { try console.createToken(kind: $0, memo: "memo \($0)") }
        for (token, id) in made {
            #expect(try console.fetch(id).json["token"] == token)
        }
    }

    @Test("Fetches a factory-made token with its factory_auth")
    func fetchesFactoryToken() throws {
        let console = try TestConsole()
        let made = try console.factoryCreate([("factory_auth", TestConsole.factoryAuth), ("memo", "from factory"), ("kind", "http")])
        let id = try #require(made.json["canarytoken"]?["canarytoken"]?.stringValue)
        let token = try console.fetch(id).json["token"]
        #expect(token?["factory_auth"] == .string(TestConsole.factoryAuth))
        #expect(token == made.json["canarytoken"])
    }

    @Test(
        "Answers Could not find the Canarytoken (404) for a missing, empty or unknown id",
        arguments: [nil, "", "0000000000000000000000000", "nope", "canarydrop:0000000000000000000000000"] as [String?])
    func notFound(id: String?) throws {
        let console = try TestConsole()
        _ = try console.createToken(kind: "dns")
        let reply = try console.call(.get, Paths.fetch, id.map { [("canarytoken", $0)] } ?? [], via: .query)
        expectError(reply, Message.tokenNotFound, status: 404)
    }

    @Test("Does not find a token by its id in another case")
    func caseSensitive() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns")
        expectError(try console.fetch(id.uppercased()), Message.tokenNotFound, status: 404)
    }

    @Test("Checks auth before the token: a bad key with an unknown token is an auth error")
    func authFirst() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns")
        expectError(
            try console.call(.get, Paths.fetch, [("canarytoken", "nope")], via: .query, auth: .parameter("wrong")),
            Message.invalidAuthToken, status: 401)
        expectError(
            try console.call(.get, Paths.fetch, [("canarytoken", id)], via: .query, auth: .none),
            Message.invalidAuthToken, status: 401)
        expectError(
            try console.call(.get, Paths.fetch, [("canarytoken", id)], via: .query, auth: .header("wrong")),
            Message.unauthorized, status: 401)
    }

    @Test("Answers 405 with Allow for POST, as the Console serves fetch on GET only")
    func postNotAllowed() throws {
        let console = try TestConsole()
        let reply = try console.call(.post, Paths.fetch, [("canarytoken", "x")])
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "GET, HEAD")
    }
}
