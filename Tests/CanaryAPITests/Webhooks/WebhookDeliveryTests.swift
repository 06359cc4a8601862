import Basics
import Glibc
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Live tests: the mock's sender POSTs to a real receiver on 127.0.0.1 (docs/webhooks.md). The console is the
/// responder over an in-memory store; only the webhooks travel over sockets.
@Suite("Webhooks: delivery to a live receiver", .serialized)
struct WebhookDeliveryTests {
    /// A console whose config file lists `webhooks`.
    static func console(_ webhooks: [JSONValue], _ extra: [String: JSONValue] = [:]) throws -> ControlConsole {
        var overrides = extra
        overrides["webhooks"] = .array(webhooks)
        return try ControlConsole(overrides)
    }

    /// `POST /_mock/trigger` on an http token from `ip`; the seconds the answer took.
    static func trigger(_ console: ControlConsole, _ id: String, from ip: String) throws -> (Reply, Double) {
        let started = Clock.now
        let reply = try console.control(.post, "/_mock/trigger", form: [
            ("canarytoken", id), ("src_ip", ip), ("headers", #"{"Accept": "*/*", "User-Agent": "curl/8.5.0"}"#),
        ])
        return (reply, Clock.now - started)
    }

    /// `GET /_mock/webhooks`'s deliveries.
    static func deliveries(_ console: ControlConsole) throws -> [JSONValue] {
        try console.control(.get, "/_mock/webhooks").json["deliveries"]?.arrayValue ?? []
    }

    @Test("A new incident posts the exact generic JSON with Content-Type and the configured header; the attempt is listed without the header value")
    func exactBody() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try Self.console([["url": .string(receiver.url()), "headers": ["X-Hook-Secret": "s3cret-value"]]])
        defer { console.context.webhooks.stop() }
        let id = try console.createToken(kind: "http", memo: "wiki page")
        let (reply, _) = try Self.trigger(console, id, from: "203.0.113.7")
        #expect(reply.status == 200, "\(reply.text)")
        let key = try #require(reply.json["incident"]?["id"]?.stringValue)
        let hash = try #require(try console.store.incident(key: key)?.hashID)
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 1 })
        let request = try #require(receiver.requests.first)
        #expect(request.method == .post)
        #expect(request.target == "/hook")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["X-Hook-Secret"] == "s3cret-value")
        let expected: JSONValue = [
            "AlertType": "CanarytokenIncident",
            "Description": "Web Bug Canarytoken triggered",
            "Timestamp": "2020-04-06 08:21:55 (UTC)",
            "Reminder": "wiki page",
            "Token": .string(id),
            "SourceIP": "203.0.113.7",
            "IncidentHash": .string(hash),
            "Intro": "A Web Bug Canarytoken was triggered by '203.0.113.7'.",
            "AdditionalDetails": [
                ["Accept", "*/*"],
                ["Background Context", "You have had 0 incidents from 203.0.113.7 previously."],
                ["Dst Port", 80],
                ["User-Agent", "curl/8.5.0"],
            ],
            "Triggered": "1",
            "LogType": "17000",
            "MatchedAnnotations": "{}",
        ]
        #expect(request.json == expected)
        // A second event in the same incident's window opens nothing, so nothing more is sent.
        _ = try Self.trigger(console, id, from: "203.0.113.7")
        #expect(WebhookReceiver.wait(5) { (try? Self.deliveries(console).count) == 1 })
        let listing = try console.control(.get, "/_mock/webhooks")
        #expect(listing.json["queue_overflow"] == 0)
        let delivery = try #require(listing.json["deliveries"]?[0])
        #expect(delivery["url"] == .string(receiver.url()))
        #expect(delivery["attempt"] == 1)
        #expect(delivery["status"] == 200)
        #expect(delivery["error"] == .null)
        #expect(delivery["time"] == "2020-04-06T08:21:55.087693Z")
        #expect(delivery["body"] == expected)
        #expect(!listing.text.contains("s3cret-value"))
        #expect(receiver.requests.count == 1)
        #expect(try console.control(.delete, "/_mock/webhooks").status == 200)
        #expect(try Self.deliveries(console).isEmpty)
    }

    @Test("webhook_triggered_type int, a flock filter and the Splunk format")
    func typesFlocksAndSplunk() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try Self.console([
            ["url": .string(receiver.url("/splunk")), "format": "splunk"],
            ["url": .string(receiver.url("/other")), "flock_id": .string(TestConsole.otherFlock)],
        ], ["webhook_triggered_type": "int"])
        defer { console.context.webhooks.stop() }
        let id = try console.createToken(kind: "http")
        _ = try Self.trigger(console, id, from: "203.0.113.8")
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 1 })
        usleep(200_000)
        let requests = receiver.requests
        #expect(requests.map(\.target) == ["/splunk"])
        #expect(requests.first?.json["sourcetype"] == "canary_alerts")
        #expect(requests.first?.json["event"]?["Triggered"] == 1)
        #expect(requests.first?.json["event"]?["LogType"] == nil)
    }

    @Test("A receiver that fails twice, then succeeds, gets three attempts, each listed")
    func retries() throws {
        let receiver = try WebhookReceiver(statuses: [500, 503, 200])
        defer { receiver.stop() }
        let console = try Self.console([["url": .string(receiver.url())]])
        defer { console.context.webhooks.stop() }
        let id = try console.createToken(kind: "http")
        _ = try Self.trigger(console, id, from: "203.0.113.9")
        #expect(WebhookReceiver.wait(8) { (try? Self.deliveries(console).count) == 3 })
        usleep(300_000)
        let deliveries = try Self.deliveries(console)
        #expect(deliveries.map { $0["status"] } == [500, 503, 200])
        #expect(deliveries.map { $0["attempt"] } == [1, 2, 3])
        #expect(receiver.requests.count == 3)
        #expect(Set(receiver.requests.map { String(decoding: $0.body, as: UTF8.self) }).count == 1)
    }

    @Test("A receiver that hangs never slows the trigger's answer; the timeouts are listed")
    func hangingReceiver() throws {
        let receiver = try WebhookReceiver(holdSeconds: 5)
        defer { receiver.stop() }
        let console = try Self.console([["url": .string(receiver.url())]])
        defer { console.context.webhooks.stop() }
        let id = try console.createToken(kind: "http")
        for ip in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
            let (reply, seconds) = try Self.trigger(console, id, from: ip)
            #expect(reply.status == 200)
            // An upper bound far above a normal answer (milliseconds), far below one 2 s attempt.
            #expect(seconds < 1, "the trigger took \(seconds) s")
        }
        #expect(WebhookReceiver.wait(6) { ((try? Self.deliveries(console).count) ?? 0) >= 1 })
        let first = try #require(try Self.deliveries(console).first)
        #expect(first["error"] == "timed out after 2 s")
        #expect(first["status"] == .null)
    }

    @Test("A receiver that is down, or an https URL, never slows the trigger; every failed attempt is listed")
    func downReceiver() throws {
        let port = try WebhookReceiver.closedPort()
        let console = try Self.console([["url": .string("http://127.0.0.1:\(port)/hook")], ["url": "https://127.0.0.1:1/x"]])
        defer { console.context.webhooks.stop() }
        let id = try console.createToken(kind: "http")
        let (reply, seconds) = try Self.trigger(console, id, from: "198.51.100.9")
        #expect(reply.status == 200)
        #expect(seconds < 1, "the trigger took \(seconds) s")
        #expect(WebhookReceiver.wait(10) { (try? Self.deliveries(console).count) == 6 })
        let deliveries = try Self.deliveries(console)
        let down = deliveries.filter { $0["url"]?.stringValue?.hasPrefix("http://") == true }
        #expect(down.map { $0["attempt"] } == [1, 2, 3])
        #expect(down.allSatisfy { $0["error"]?.stringValue == "connect failed (errno 111)" })
        let https = deliveries.filter { $0["url"] == "https://127.0.0.1:1/x" }
        #expect(https.map { $0["error"] } == Array(repeating: "https is not supported by the mock", count: 3))
    }

    @Test("A flood with a slow receiver keeps the queue bounded: the rest is dropped and counted, never waited for")
    func flood() throws {
        let receiver = try WebhookReceiver(holdSeconds: 5)
        defer { receiver.stop() }
        var policy = WebhookSender.Policy()
        policy.queueCapacity = 10
        policy.attempts = 1
        policy.timeout = 0.5
        let logged = PThreadLock<[String]>([])
        let sender = WebhookSender(
            targets: [], policy: policy, clock: WallClock(source: { TestConsole.now }),
            log: { line in logged.withLock { $0.append(line) } })
        defer { sender.stop() }
        let target = WebhookTarget(url: receiver.url())
        let started = Clock.now
        var queued = 0
        for index in 0..<500 where sender.enqueue(.init(target: target, body: ["n": .int(index)])) { queued += 1 }
        #expect(Clock.now - started < 1)
        #expect(sender.pendingCount <= 10)
        // The queue's 10, plus the few the thread took out (one per 0.5 s timeout while this loop ran).
        #expect(queued >= 10 && queued < 20)
        #expect(sender.overflowCount == 500 - queued)
        // One line for the flood, not one a body: the first drop is logged, then at most one line a second.
        let drops = logged.withLock { $0 }.filter { $0.hasPrefix("webhook queue full") }
        #expect(drops == ["webhook queue full (10 bodies waiting): 1 bodies dropped since start"])
        // A caller that asks first builds nothing while the queue is full; its bodies are counted all the same.
        // (Filled again first: the thread takes one body out each 0.5 s.)
        while sender.enqueue(.init(target: target, body: [:])) {}
        let before = sender.overflowCount
        #expect(sender.dropIfFull(bodies: 3))
        #expect(sender.overflowCount == before + 3)
    }

    @Test("dropIfFull leaves a queue with room alone")
    func dropIfFullWithRoom() {
        let sender = WebhookSender(targets: [], clock: WallClock(source: { TestConsole.now }), log: { _ in })
        defer { sender.stop() }
        #expect(!sender.dropIfFull(bodies: 2))
        #expect(sender.overflowCount == 0)
    }
}
