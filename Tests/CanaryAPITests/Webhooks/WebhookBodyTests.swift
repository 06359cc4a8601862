import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Webhooks: the bodies (docs/webhooks.md)")
struct WebhookBodyTests {
    /// A web bug incident as the pipeline returns it: one event with headers, from 203.0.113.7.
    static func incident(kind: String = "http", logtype: String = "17000", fields: String? = nil) -> IncidentRecord {
        let event = fields ?? """
            {"canarytoken":"abcdefghijklmnopqrstuvwxy","dst_port":80,"headers":{"Accept":"*/*","User-Agent":"curl/8.5.0"},\
            "src_host":"203.0.113.7","timestamp":1586161315,"timestamp_std":"2020-04-06 08:21:55 UTC+0000","type":"http"}
            """
        return IncidentRecord(
            key: "incident:canarytoken:0123456789abcdef01234567:203.0.113.7:1586161315",
            hashID: "6e03471c0ab5905579e8dbd170a7ebb0", nodeID: "abcdefghijklmnopqrstuvwxy", kind: kind, logtype: logtype,
            flockID: "flock:default", srcHost: "203.0.113.7", srcPort: 0, description: "Canarytoken triggered",
            createdMicros: TestConsole.now, lastEventMicros: TestConsole.now, updatedMicros: TestConsole.now,
            acknowledged: false, updatedID: 1, events: [IncidentEvent(timeMicros: TestConsole.now, fields: event)])
    }

    static let facts = WebhookBody.TokenFacts(memo: "Link in my inbox", triggeredCount: 2, previousIncidents: 1)

    @Test("A web bug incident: every field, details sorted by key, Triggered as a string")
    func webBug() {
        let body = WebhookBody.tokenIncident(Self.incident(), facts: Self.facts, triggeredType: .string)
        #expect(String(decoding: JSONWriter.encode(body), as: UTF8.self) == String(decoding: JSONWriter.encode([
            "AlertType": "CanarytokenIncident",
            "Description": "Web Bug Canarytoken triggered",
            "Timestamp": "2020-04-06 08:21:55 (UTC)",
            "Reminder": "Link in my inbox",
            "Token": "abcdefghijklmnopqrstuvwxy",
            "SourceIP": "203.0.113.7",
            "IncidentHash": "6e03471c0ab5905579e8dbd170a7ebb0",
            "Intro": "A Web Bug Canarytoken was triggered by '203.0.113.7'.",
            "AdditionalDetails": [
                ["Accept", "*/*"],
                ["Background Context", "You have had 1 incidents from 203.0.113.7 previously."],
                ["Dst Port", 80],
                ["User-Agent", "curl/8.5.0"],
            ],
            "Triggered": "2",
            "LogType": "17000",
            "MatchedAnnotations": "{}",
        ] as JSONValue), as: UTF8.self))
    }

    @Test("webhook_triggered_type int makes Triggered a number")
    func triggeredInt() {
        let body = WebhookBody.tokenIncident(Self.incident(), facts: Self.facts, triggeredType: .int)
        #expect(body["Triggered"] == 2)
    }

    @Test("An AWS key incident: its Console name with An, and Event Name among the details")
    func awsKey() {
        let fields = """
            {"dst_port":80,"event_name":"GetCallerIdentity","headers":{"User-Agent":"TruffleHog"},"src_host":"198.51.100.2"}
            """
        let body = WebhookBody.tokenIncident(
            Self.incident(kind: "aws-id", logtype: "17000", fields: fields), facts: Self.facts, triggeredType: .string)
        #expect(body["Description"] == "AWS API Key Canarytoken triggered")
        #expect(body["Intro"] == "An AWS API Key Canarytoken was triggered by '198.51.100.2'.")
        #expect(body["SourceIP"] == "198.51.100.2")
        #expect(body["AdditionalDetails"] == [
            ["Background Context", "You have had 1 incidents from 198.51.100.2 previously."],
            ["Dst Port", 80],
            ["Event Name", "GetCallerIdentity"],
            ["User-Agent", "TruffleHog"],
        ])
    }

    @Test("A DNS incident: the resolver sentence")
    func dns() {
        let fields = #"{"dst_port":53,"hostname":"abc.example","src_host":"192.0.2.53"}"#
        let body = WebhookBody.tokenIncident(
            Self.incident(kind: "dns", logtype: "16000", fields: fields), facts: Self.facts, triggeredType: .string)
        #expect(body["Description"] == "DNS Canarytoken triggered")
        #expect(body["Intro"] == """
            A DNS Canarytoken was triggered by a DNS query from the source IP 192.0.2.53. Please note that the source IP \
            refers to a DNS resolver, rather than the host that triggered the token.
            """)
        #expect(body["LogType"] == "16000")
    }

    @Test("Splunk wraps the generic body without LogType and MatchedAnnotations")
    func splunk() {
        let generic = WebhookBody.tokenIncident(Self.incident(), facts: Self.facts, triggeredType: .string)
        let wrapped = WebhookBody.formatted(generic, .splunk)
        var event = generic.objectValue ?? [:]
        event["LogType"] = nil
        event["MatchedAnnotations"] = nil
        #expect(wrapped == ["sourcetype": "canary_alerts", "event": .object(event)])
        #expect(WebhookBody.formatted(generic, .generic) == generic)
    }

    @Test("The test payload: the Console's dummy incident, LogType a number")
    func testPayload() {
        #expect(WebhookBody.test(nowMicros: TestConsole.now, format: .generic) == [
            "Description": "Fake Location",
            "Timestamp": "2020-04-06 08:21:55 (UTC)",
            "CanaryName": "DummyDevice",
            "CanaryID": "0000000testnode",
            "CanaryIP": "1.1.1.1",
            "Flock": "flock:dummyincidentflock",
            "SourceIP": "2.2.2.2",
            "CanaryLocation": "Fake Location",
            "ReverseDNS": "theattackers.ip.local",
            "Intro": "This is a dummy incident.",
            "AdditionalDetails": [["Field1", "VALUE1"], ["Field2", "VALUE2"], ["Field3", "VALUE3"]],
            "AlertType": "CanaryIncident",
            "LogType": 111111,
        ])
        #expect(WebhookBody.test(nowMicros: TestConsole.now, format: .splunk) == [
            "sourcetype": "canary_test_connection",
            "event": "Hello from your Canary Console, this is a test message from canary-mock.",
        ])
    }

    @Test("Webhook URLs: http with host, port and target; https accepted for configuration; others refused",
          arguments: [
            ("http://receiver:9000/hook?x=1", "receiver", 9000, "/hook?x=1"),
            ("http://127.0.0.1", "127.0.0.1", 80, "/"),
            ("http://[::1]:8081/a", "::1", 8081, "/a"),
          ])
    func urls(_ url: String, _ host: String, _ port: Int, _ target: String) {
        let parsed = WebhookURL(url)
        #expect(parsed?.host == host)
        #expect(parsed?.port == port)
        #expect(parsed?.target == target)
        #expect(WebhookTarget.isAcceptedURL(url))
    }

    @Test("Refused webhook URLs", arguments: [
        "ftp://x/", "http://", "http://user@host/", "http://h:0/", "http://h:x/", "receiver", "https://", "https:///x",
    ])
    func refusedURLs(_ url: String) {
        #expect(WebhookURL(url) == nil)
        #expect(!WebhookTarget.isAcceptedURL(url))
        #expect(WebhookTarget.isAcceptedURL("https://hooks.example/x"))
    }
}
