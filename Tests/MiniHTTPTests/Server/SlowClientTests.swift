import Basics
import Glibc
import MiniHTTP
import Testing
import TestSupport

/// Clients that are slow on purpose, live: request bodies under the body pace, responses read under the response
/// pace, one peer over its share of the connection slots, and stop with clients stuck in both directions.
@Suite("Live server against slow clients")
struct SlowClientTests {
    /// Fast limits with a body pace of 1000 bytes/s after 0.5 s.
    static var bodyPaceLimits: HTTPLimits {
        var limits = LiveServer.fastLimits
        limits.bodyGrace = 0.5
        limits.minBodyBytesPerSecond = 1000
        return limits
    }

    @Test("A body sent at 2.5 times the minimum rate is answered; one at a quarter of it gets 408 after the grace",
          arguments: [(1000, true), (100, false)])
    func bodyPace(_ bytesPerStep: Int, _ served: Bool) throws {
        let live = try LiveServer.start(limits: SlowClientTests.bodyPaceLimits)
        defer { live.stop() }
        let client = try live.client()
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n")
        let started = Clock.now
        var sent = 0
        var early: RawClient.Response?
        // `bytesPerStep` every 0.4 s (2500 or 250 bytes/s against 1000 after 0.5 s), watching for an early answer.
        while sent < 3000, early == nil, Clock.now - started < 3 {
            client.send([UInt8](repeating: 0x62, count: min(bytesPerStep, 3000 - sent)))
            sent += min(bytesPerStep, 3000 - sent)
            if sent < 3000 { early = try? client.readResponse(timeout: 0.4) }
        }
        let response = try early ?? client.readResponse()
        if served {
            #expect(response.status == 200)
            #expect(response.body == [UInt8](repeating: 0x62, count: 3000))
        } else {
            #expect(response.status == 408)
            #expect(response.headers["Connection"] == "close")
            // Due at 0.5 s plus 100 bytes per 0.1 s: the second step's 200 bytes are due by 0.7 s, sent at 0.8 s.
            #expect(Clock.now - started < 1.2)
            #expect(sent == 200)
        }
        #expect(try live.stillServes())
    }

    @Test("A client that stops reading a large response is dropped by the response pace, long before the write timeout")
    func responsePace() throws {
        var limits = LiveServer.fastLimits
        limits.writeTimeout = 30
        limits.responseGrace = 0.5
        limits.minResponseBytesPerSecond = 64 * 1024
        let live = try LiveServer.start(limits: limits)
        defer { live.stop() }
        let reader = try live.client(receiveBuffer: 4096)
        reader.send("GET /big?bytes=16777216 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(live.waitForConnections(1))
        let started = Clock.now
        #expect(live.waitForConnections(0, timeout: 15))
        #expect(Clock.now - started < 15)
        let fast = try live.client()
        let response = try fast.exchange("GET /big?bytes=4194304 HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(response.status == 200)
        #expect(response.body.count == 4_194_304)
    }

    @Test("One peer holds at most its share of the slots; another peer is still served", arguments: [3])
    func perPeerLimit(_ share: Int) throws {
        let live = try LiveServer.start(maxConnections: 8, maxConnectionsPerPeer: share)
        defer { live.stop() }
        var held: [RawClient] = []
        for _ in 0..<share {
            let client = try live.client(source: "127.0.0.2")
            #expect(try client.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            held.append(client)
        }
        #expect(live.waitForConnections(share))
        let over = try live.client(source: "127.0.0.2")
        over.send("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        let refused = try over.readResponse()
        #expect(refused.status == 503)
        #expect(refused.headers["Connection"] == "close")
        #expect(over.isClosedByServer())
        #expect(try live.stillServes())
        // One slot freed: the peer gets it back.
        held.removeLast().close()
        #expect(live.waitForConnections(share - 1))
        let again = try live.client(source: "127.0.0.2")
        #expect(try again.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
    }

    @Test("The per-peer limit defaults to half of maxConnections, at least one", arguments: [
        (512, nil, 256), (20, nil, 10), (5, nil, 3), (1, nil, 1), (512, 100, 100), (512, 0, 1),
    ] as [(Int, Int?, Int)])
    func perPeerDefault(_ maxConnections: Int, _ perPeer: Int?, _ limit: Int) {
        var configuration = HTTPServer.Configuration()
        configuration.maxConnections = maxConnections
        configuration.maxConnectionsPerPeer = perPeer
        #expect(configuration.peerConnectionLimit == limit)
    }

    @Test("Stop with a stuck reader and a stuck body returns after the grace and releases every descriptor",
          arguments: [1.0])
    func stopWithinGrace(_ grace: Double) throws {
        var limits = LiveServer.fastLimits
        // No pace or timeout ends them before the stop does.
        limits.readTimeout = 60
        limits.writeTimeout = 60
        limits.responseGrace = 60
        limits.bodyGrace = 60
        let live = try LiveServer.start(limits: limits, stopGrace: grace)
        let port = live.port
        let reader = try live.client(receiveBuffer: 4096)
        reader.send("GET /big?bytes=16777216 HTTP/1.1\r\nHost: t\r\n\r\n")
        let body = try live.client()
        body.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\nabc")
        #expect(live.waitForConnections(2))
        usleep(200_000)
        let started = Clock.now
        live.stop()
        let elapsed = Clock.now - started
        #expect(elapsed >= grace - 0.05)
        #expect(elapsed < grace + 1.5)
        #expect(serverSocketCount(port: port) == 0)
        #expect(body.isClosedByServer(timeout: 1))
    }
}
