import CanaryAPI
import MiniHTTP
import Testing

@Suite("GET|POST /api/v1/ping")
struct PingHandlerTests {
    @Test("Answers {\"result\": \"success\"} on GET and POST", arguments: [HTTPMethod.get, .post])
    func success(method: HTTPMethod) throws {
        let console = try TestConsole()
        let reply = try console.call(method, Paths.ping, [], via: .query)
        #expect(reply.status == 200)
        #expect(reply.text == "{\n  \"result\": \"success\"\n}\n")
    }

    @Test("Answers Invalid auth_token (401) without a key or with a wrong one")
    func authFails() throws {
        let console = try TestConsole()
        expectError(try console.call(.get, Paths.ping, [], via: .query, auth: .none), Message.invalidAuthToken, status: 401)
        expectError(try console.call(.get, Paths.ping, [], via: .query, auth: .parameter("x")), Message.invalidAuthToken, status: 401)
        expectError(try console.call(.get, Paths.ping, [], via: .query, auth: .header("x")), Message.unauthorized, status: 401)
    }

    @Test("Answers 405 with Allow for DELETE")
    func deleteNotAllowed() throws {
        let console = try TestConsole()
        let reply = try console.call(.delete, Paths.ping, [], via: .query)
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "GET, HEAD, POST")
    }
}
