import Basics
import Glibc
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Bird incidents' webhook bodies (docs/webhooks.md "Bird incidents"): the exact text a live receiver on 127.0.0.1
/// gets, the disconnect body, the Splunk format and per-flock routing.
@Suite("Webhooks: bird incident bodies", .serialized)
struct BirdWebhookTests {
    static let seconds = TestConsole.now / 1_000_000

    /// `POST /_mock/alert` with form fields; must succeed.
    static func alert(_ console: ControlConsole, _ form: [(String, String)]) throws -> Reply {
        let reply = try console.control(.post, "/_mock/alert", form: form)
        #expect(reply.status == 200, "\(reply.text)")
        return reply
    }

    /// The documented FTP example's body with the test's values, as the receiver must get it, byte for byte.
    static func ftpText(hash: String, previous: Int) -> String {
        """
        {
          "Description": "FTP Login Attempt",
          "Timestamp": "2020-04-06 08:21:55 (UTC)",
          "CanaryName": "canary",
          "CanaryID": "000123456789abcd",
          "CanaryIP": "192.168.1.2",
          "SourceIP": "192.168.1.1",
          "CanaryLocation": "Server room A",
          "ReverseDNS": "",
          "CanaryPort": 21,
          "IncidentHash": "\(hash)",
          "Intro": "FTP Login Attempt has been detected against one of your Canaries (canary) at 192.168.1.2.",
          "AdditionalDetails": [
            [
              "Username",
              "username"
            ],
            [
              "Password",
              "*******"
            ],
            [
              "Background Context",
              "You have had \(previous) incidents from 192.168.1.1 previously."
            ]
          ],
          "AlertType": "CanaryIncident",
          "LogType": "2000",
          "MatchedAnnotations": "{}"
        }
        """
    }

    @Test("A bird incident posts the Console's generic body, in its documented key order, once per incident")
    func exactBody() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try WebhookDeliveryTests.console([["url": .string(receiver.url())]])
        defer { console.context.webhooks.stop() }
        try BirdSupport.put(console.store)
        // Two earlier incidents from the same source: a token's and another bird logtype's.
        let token = try console.createToken(kind: "http")
        _ = try console.control(.post, "/_mock/trigger", form: [("canarytoken", token), ("src_ip", "192.168.1.1")])
        _ = try Self.alert(console, [("node_id", BirdSupport.nodeID), ("logtype", "4002"), ("src_ip", "192.168.1.1")])
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 2 })
        let reply = try Self.alert(console, [
            ("node_id", BirdSupport.nodeID), ("logtype", "2000"), ("src_ip", "192.168.1.1"), ("src_port", "40000"),
            ("extra", #"{"USERNAME": "username", "PASSWORD": "s3cret-password"}"#),
        ])
        let key = try #require(reply.json["incident"]?["id"]?.stringValue)
        let hash = try #require(try console.store.incident(key: key)?.hashID)
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 3 })
        let request = try #require(receiver.requests.last)
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(String(decoding: request.body, as: UTF8.self) == Self.ftpText(hash: hash, previous: 2))
        // The listing shows the same body; the password never travels.
        let deliveries = try WebhookDeliveryTests.deliveries(console)
        #expect(deliveries.last?["body"] == (try JSONReader.parse(Array(Self.ftpText(hash: hash, previous: 2).utf8))))
        #expect(!(try console.control(.get, "/_mock/webhooks")).text.contains("s3cret-password"))
        // An event joining the open incident sends nothing more.
        _ = try Self.alert(console, [("node_id", BirdSupport.nodeID), ("logtype", "2000"), ("src_ip", "192.168.1.1")])
        usleep(300_000)
        #expect(receiver.requests.count == 3)
    }

    @Test("A dying bird's body: the disconnect Intro, no source, port -1, no details")
    func disconnected() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try WebhookDeliveryTests.console([["url": .string(receiver.url())]])
        defer { console.context.webhooks.stop() }
        let device = try BirdSupport.put(console.store)
        let incident = try #require(try BirdIncidents.deviceDied(device, context: console.context))
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 1 })
        #expect(receiver.requests.first?.json == [
            "Description": "Canary Disconnected", "Timestamp": "2020-04-06 08:21:55 (UTC)", "CanaryName": "canary",
            "CanaryID": .string(BirdSupport.nodeID), "CanaryIP": "192.168.1.2", "SourceIP": "",
            "CanaryLocation": "Server room A", "ReverseDNS": "", "CanaryPort": -1,
            "IncidentHash": .string(incident.hashID),
            "Intro": "One of your Canaries (canary) previously at 192.168.1.2 has disconnected.",
            "AdditionalDetails": [], "AlertType": "CanaryIncident", "LogType": "1004", "MatchedAnnotations": "{}",
        ])
    }

    @Test("Webhooks limited to a flock get the birds of that flock only; Splunk wraps the body in the same key order")
    func flocksAndSplunk() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let console = try WebhookDeliveryTests.console([
            ["url": .string(receiver.url("/other")), "flock_id": .string(TestConsole.otherFlock)],
            ["url": .string(receiver.url("/splunk")), "format": "splunk"],
        ])
        defer { console.context.webhooks.stop() }
        try BirdSupport.put(console.store)
        let other = BirdSupport.device(
            nodeID: "00000000000000ff", hash: String(repeating: "ab", count: 12), name: "other-bird", ip: "10.1.1.1",
            flockID: TestConsole.otherFlock)
        try BirdSupport.put(console.store, other)
        _ = try Self.alert(console, [("node_id", BirdSupport.nodeID), ("logtype", "4002"), ("src_ip", "10.0.0.5")])
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 1 })
        usleep(200_000)
        #expect(receiver.requests.map(\.target) == ["/splunk"])
        let splunk = String(decoding: try #require(receiver.requests.first).body, as: UTF8.self)
        #expect(splunk.hasPrefix("{\n  \"event\": {\n    \"Description\": \"SSH Login Attempt\",\n    \"Timestamp\""), "\(splunk)")
        #expect(splunk.hasSuffix("\"AlertType\": \"CanaryIncident\"\n  },\n  \"sourcetype\": \"canary_alerts\"\n}"), "\(splunk)")
        let event = try #require(receiver.requests.first?.json["event"])
        #expect(event["AdditionalDetails"] == [
            ["Username", "root"], ["Password", "*******"],
            ["Background Context", "You have had 0 incidents from 10.0.0.5 previously."],
        ])
        #expect(event["LogType"] == nil && event["MatchedAnnotations"] == nil)
        _ = try Self.alert(console, [("node_id", "00000000000000ff"), ("logtype", "3001"), ("src_ip", "10.0.0.5")])
        #expect(WebhookReceiver.wait(5) { receiver.requests.count == 3 })
        usleep(200_000)
        #expect(receiver.requests.map(\.target).sorted() == ["/other", "/splunk", "/splunk"])
        let generic = try #require(receiver.requests.first { $0.target == "/other" }?.json)
        #expect(generic["CanaryName"] == "other-bird" && generic["CanaryIP"] == "10.1.1.1" && generic["CanaryPort"] == 80)
        #expect(generic["AdditionalDetails"] == [
            ["Username", "admin"], ["Password", "*******"], ["User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"],
            ["Background Context", "You have had 1 incidents from 10.0.0.5 previously."],
        ])
    }

    @Test("The ordered writer: named keys first in order, the rest sorted, nested objects and empty containers")
    func orderedWriter() {
        let value: JSONValue = ["b": 1, "a": ["z": [], "y": [:], "x": ["k": "v"]], "c": [1, "two"]]
        let text = String(decoding: WebhookBody.encode(value, keyOrder: ["c", "x"]), as: UTF8.self)
        #expect(text == """
            {
              "c": [
                1,
                "two"
              ],
              "a": {
                "x": {
                  "k": "v"
                },
                "y": {},
                "z": []
              },
              "b": 1
            }
            """)
    }
}
