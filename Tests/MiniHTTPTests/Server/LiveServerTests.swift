import Basics
import Glibc
import MiniHTTP
import Testing
import TestSupport

@Suite("Live server on 127.0.0.1")
struct LiveServerTests {
    @Test("Answers a fixed JSON route with exact bytes and keeps the connection alive")
    func fixedRoute() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        for _ in 0..<3 {
            let response = try client.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "application/json")
            #expect(response.headers["Connection"] == nil)
            #expect(response.text == "{\n  \"result\": \"success\"\n}\n")
        }
    }

    static let malformed: [(name: String, bytes: String, status: Int)] = [
        ("garbage request line", "GARBAGE\r\n\r\n", 400),
        ("unsupported version", "GET /fixed HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("lowercase version", "GET /fixed http/1.1\r\nHost: t\r\n\r\n", 400),
        ("target too long", "GET /" + String(repeating: "a", count: 70_000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("too many headers", "GET /fixed HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-A: b\r\n", count: 101) + "\r\n", 431),
        ("header section too big", "GET /fixed HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 17_000) + "\r\n\r\n", 431),
        ("declared body too large", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n", 413),
        ("unknown transfer coding", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("smuggling CL and TE", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("conflicting lengths", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("bad chunk size", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("obs-fold", "GET /fixed HTTP/1.1\r\nHost: t\r\nX-A: b\r\n c\r\n\r\n", 400),
        ("NUL in header value", "GET /fixed HTTP/1.1\r\nHost: t\r\nX-A: b\u{0}c\r\n\r\n", 400),
        ("missing Host", "GET /fixed HTTP/1.1\r\n\r\n", 400),
    ]

    @Test("Malformed requests get a JSON error with the right status and Connection: close, and the server goes on",
          arguments: malformed)
    func malformedRequests(_ testCase: (name: String, bytes: String, status: Int)) throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        client.send(testCase.bytes)
        let response = try client.readResponse()
        #expect(response.status == testCase.status, "\(testCase.name)")
        #expect(response.headers["Connection"] == "close")
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.text.hasPrefix("{\n  \"message\": \""))
        #expect(response.text.hasSuffix("\",\n  \"result\": \"error\"\n}\n"))
        #expect(client.isClosedByServer())
        #expect(try live.stillServes())
    }

    @Test("A 100 MB declared body is refused at once, before any of it is sent")
    func hugeDeclaredBody() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        let started = Clock.now
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 104857600\r\n\r\n")
        let response = try client.readResponse(timeout: 2)
        #expect(response.status == 413)
        #expect(Clock.now - started < 1.0)
    }

    @Test("Three pipelined requests in one write are answered in order")
    func pipelining() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        client.send((1...3).map { "GET /n/\($0)?k=\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
        for index in 1...3 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "{\n  \"target\": \"/n/\(index)?k=\(index)\"\n}\n")
        }
    }

    @Test("Pipelined requests with bodies, chunked and fixed, keep their bytes apart")
    func pipelinedBodies() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        client.send(
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n"
                + "GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
        #expect(try client.readResponse().text == "abcde")
        #expect(try client.readResponse().status == 200)
    }

    @Test("Fifty clients stalled mid-headers do not delay another client, and are closed with 408 after the deadline")
    func slowloris() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        var stalled: [RawClient] = []
        for _ in 0..<50 {
            let client = try live.client()
            client.send("GET /fixed HTTP/1.1\r\nHost: t\r\nX-Slow: ")
            stalled.append(client)
        }
        #expect(live.waitForConnections(50))
        let started = Clock.now
        #expect(try live.stillServes())
        #expect(Clock.now - started < 0.5)
        // The header deadline is 1 s: each stalled client gets 408 and is closed.
        for client in stalled {
            let response = try client.readResponse(timeout: 4)
            #expect(response.status == 408)
            #expect(client.isClosedByServer(timeout: 3))
        }
        #expect(live.waitForConnections(0))
    }

    @Test("A silent connection is closed after the header deadline without a response")
    func silentClient() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        let started = Clock.now
        let rest = try client.readUntilClosed(timeout: 4)
        #expect(rest.isEmpty)
        #expect(Clock.now - started >= 0.9)
    }

    @Test("An idle keep-alive connection is closed after the idle timeout")
    func idleKeepAlive() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        #expect(try client.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        let started = Clock.now
        #expect(try client.readUntilClosed(timeout: 5).isEmpty)
        #expect(Clock.now - started >= 1.9)
    }

    @Test("A client that vanishes mid-body or mid-response leaves the server serving and its connection released")
    func vanishingClients() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let midBody = try live.client()
        midBody.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789")
        midBody.abort()
        let midBodyFin = try live.client()
        midBodyFin.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789")
        midBodyFin.close()
        let midResponse = try live.client()
        midResponse.send("GET /slow?ms=200 HTTP/1.1\r\nHost: t\r\n\r\n")
        midResponse.abort()
        #expect(live.waitForConnections(0))
        #expect(try live.stillServes())
    }

    @Test("More connections than the cap: the extra one gets 503 with Connection: close")
    func connectionCap() throws {
        let live = try LiveServer.start(maxConnections: 4)
        defer { live.stop() }
        var held: [RawClient] = []
        for _ in 0..<4 {
            let client = try live.client()
            #expect(try client.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            held.append(client)
        }
        let extra = try live.client()
        extra.send("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try extra.readResponse()
        #expect(response.status == 503)
        #expect(response.headers["Connection"] == "close")
        #expect(response.text == "{\n  \"message\": \"Too many connections\",\n  \"result\": \"error\"\n}\n")
        #expect(extra.isClosedByServer())
        held.removeLast().close()
        #expect(live.waitForConnections(3))
        #expect(try live.stillServes())
    }

    @Test("Stop finishes in-flight responses, closes idle connections and releases every descriptor")
    func gracefulStop() throws {
        let live = try LiveServer.start()
        let idle = try live.client()
        #expect(try idle.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        let busy = try live.client()
        busy.send("GET /slow?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n")
        usleep(100_000)
        let port = live.port
        #expect(serverSocketCount(port: port) == 3)
        live.stop()
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "{\n  \"slept\": 300\n}\n")
        #expect(response.headers["Connection"] == "close")
        #expect(busy.isClosedByServer())
        #expect(idle.isClosedByServer())
        #expect(throws: RawClient.ClientError.self) { try RawClient(port: port) }
        idle.close()
        busy.close()
        #expect(serverSocketCount(port: port) == 0)
    }

    @Test("Expect: 100-continue gets the interim response, then the final one")
    func expectContinue() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        client.send("ping")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "ping")
    }

    @Test("HTTP/1.0 closes unless keep-alive is asked for; HEAD gets headers only")
    func versionsAndHead() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let plain = try live.client()
        let closing = try plain.exchange("GET /fixed HTTP/1.0\r\n\r\n")
        #expect(closing.headers["Connection"] == "close")
        #expect(plain.isClosedByServer())
        let keep = try live.client()
        let kept = try keep.exchange("GET /fixed HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.headers["Connection"] == "keep-alive")
        #expect(try keep.exchange("GET /fixed HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").status == 200)
        let head = try live.client()
        head.send("HEAD /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        let headResponse = try head.readResponse(headRequest: true)
        #expect(headResponse.status == 200)
        #expect(headResponse.headers["Content-Length"] == "26")
        #expect(try head.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").text == "{\n  \"result\": \"success\"\n}\n")
    }

    @Test("Unknown paths get 404 JSON and known paths with another method 405 with Allow")
    func notFoundAndMethodNotAllowed() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        let client = try live.client()
        let missing = try client.exchange("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(missing.status == 404)
        #expect(missing.text == "{\n  \"message\": \"Not Found\",\n  \"result\": \"error\"\n}\n")
        let wrong = try client.exchange("DELETE /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "GET, HEAD")
        #expect(wrong.headers["Content-Type"] == "application/json")
    }

    @Test("Starting on a port that is taken fails with a clear error")
    func portInUse() throws {
        let live = try LiveServer.start()
        defer { live.stop() }
        var configuration = HTTPServer.Configuration()
        configuration.port = live.port
        let second = HTTPServer(configuration: configuration, responder: Router())
        #expect(throws: SocketError.self) { try second.start() }
    }
}
