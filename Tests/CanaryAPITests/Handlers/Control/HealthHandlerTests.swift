import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("GET /_mock/health")
struct HealthHandlerTests {
    @Test("Answers without auth: result, status, version and the uptime since start")
    func healthy() throws {
        let store = try ConsoleStore(path: ":memory:")
        let context = ConsoleContext(store: store, configuration: MockConfiguration(), startedAt: Clock.now - 12.5)
        let response = ConsoleAPI(context: context).respond(to: .make("/_mock/health"))
        #expect(response.status == .ok)
        let body = try JSONReader.parse(response.body)
        #expect(Set(body.objectValue?.keys.map { $0 } ?? []) == ["result", "status", "uptime_seconds", "version"])
        #expect(body["result"] == "success")
        #expect(body["status"] == "ok")
        #expect(body["version"]?.stringValue == CanaryMockVersion.current)
        let uptime = try #require(body["uptime_seconds"]?.doubleValue)
        #expect(uptime >= 12.5 && uptime < 20)
    }

    @Test("Ignores a wrong auth token and other methods are 405")
    func noAuth() throws {
        let api = ConsoleAPI(context: ConsoleContext(store: try ConsoleStore(path: ":memory:"), configuration: MockConfiguration()))
        #expect(api.respond(to: .make("/_mock/health", query: [("auth_token", "wrong")])).status == .ok)
        let post = api.respond(to: .make(.post, "/_mock/health"))
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["Allow"] == "GET, HEAD")
    }
}
