import Basics
import Glibc
import MiniHTTP
import Testing

@Suite("HealthClient: the healthcheck's tiny HTTP client")
struct HealthClientTests {
    @Test("GETs a path from a live server over IPv4")
    func live() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let reply = try HealthClient.get(address: "127.0.0.1", port: live.port, path: "/fixed", timeout: 3).get()
        #expect(reply.status == 200)
        #expect(reply.body == Array("{\n  \"result\": \"success\"\n}\n".utf8))
        let missing = try HealthClient.get(address: "127.0.0.1", port: live.port, path: "/nope", timeout: 3).get()
        #expect(missing.status == 404)
    }

    @Test("A refused connection and a name instead of a number are failures, not hangs")
    func failures() throws {
        let live = try LiveServer.start()
        let port = live.port
        live.stop()
        let started = Clock.now
        guard case .failure(let refused) = HealthClient.get(address: "127.0.0.1", port: port, path: "/", timeout: 2) else {
            Issue.record("expected a failure")
            return
        }
        #expect(refused.code == ECONNREFUSED)
        #expect(Clock.now - started < 1.5)
        guard case .failure(let named) = HealthClient.get(address: "localhost", port: port, path: "/", timeout: 2) else {
            Issue.record("expected a failure")
            return
        }
        #expect(named.description.contains("not a numeric address"))
    }

    @Test("A server that accepts but never answers hits the deadline")
    func silentServer() throws {
        let (listener, port) = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 4)
        defer { close(listener) }
        let started = Clock.now
        guard case .failure(let error) = HealthClient.get(address: "127.0.0.1", port: port, path: "/", timeout: 0.5) else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error.code == ETIMEDOUT)
        #expect(Clock.now - started < 1.5)
    }
}
