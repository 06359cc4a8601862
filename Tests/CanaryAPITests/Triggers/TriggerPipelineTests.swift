import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// The one trigger pipeline (docs/api.md §7.2, docs/triggers.md), over an in-memory store and a fixed clock.
@Suite("Trigger pipeline")
struct TriggerPipelineTests {
    /// A pipeline over `console`'s store with these hooks and a window of `window` seconds.
    static func pipeline(
        _ console: TestConsole, window: Int = 60, hooks: TriggerHooks = .none
    ) -> TriggerPipeline {
        TriggerPipeline(
            store: console.store, clock: WallClock(source: { TestConsole.now }), windowSeconds: window, hooks: hooks,
            log: { _ in })
    }

    @Test("A hit opens an incident with the common event fields over the channel's, and moves both counters")
    func opens() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let tokenBefore = try #require(try console.store.token(id))
        let outcome = try Self.pipeline(console).record(Trigger(
            canarytoken: id.uppercased(), srcIP: "10.1.2.3", srcPort: 4444,
            fields: ["headers": ["User-Agent": "curl/8"], "type": "spoofed", "src_host": "spoofed"]))
        guard case .recorded(let incident, let opened) = outcome else {
            Issue.record("not recorded: \(outcome)")
            return
        }
        #expect(opened)
        let seconds = TestConsole.now / 1_000_000
        let parts = incident.key.split(separator: ":", omittingEmptySubsequences: false)
        #expect(parts.count == 5)
        #expect(parts[0] == "incident" && parts[1] == "canarytoken")
        #expect(parts[2].count == 24 && parts[2].allSatisfy(\.isHexDigit))
        #expect(parts[3] == "10.1.2.3" && parts[4] == Substring(String(seconds)))
        #expect(incident.hashID.count == 32 && incident.hashID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(incident.nodeID == id)
        #expect(incident.kind == "http")
        #expect(incident.logtype == "17000")
        #expect(incident.flockID == "flock:default")
        #expect(incident.srcHost == "10.1.2.3")
        #expect(incident.srcPort == 0)
        #expect(incident.description == "Canarytoken triggered")
        #expect(incident.createdMicros == TestConsole.now)
        #expect(incident.updatedID == 1)
        let event = try JSONReader.parse(Array(try #require(incident.events.first).fields.utf8))
        #expect(event == [
            "canarytoken": .string(id), "dst_port": 80, "headers": ["User-Agent": "curl/8"],
            "src_host": "10.1.2.3", "timestamp": .int(Int(seconds)), "timestamp_std": "2020-04-06 08:21:55 UTC+0000",
            "type": "http",
        ])
        let token = try #require(try console.store.token(id))
        #expect(token.triggeredCount == 1)
        #expect(token.updatedID > tokenBefore.updatedID)
    }

    @Test("DNS hits are keyed without an IP and join one incident whatever the resolver; the event keeps the resolver")
    func dnsChannel() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns")
        let pipeline = Self.pipeline(console)
        let first = try #require(try pipeline.record(Trigger(canarytoken: id, srcIP: "8.8.8.8")).incident)
        let second = try #require(try pipeline.record(Trigger(canarytoken: id, srcIP: "1.1.1.1")).incident)
        #expect(first.key.hasSuffix("::\(TestConsole.now / 1_000_000)"))
        #expect(first.srcHost == "")
        #expect(first.logtype == "16000")
        #expect(second.key == first.key)
        // The outcome carries this event only; the store holds both.
        #expect(second.events.count == 1)
        let stored = try #require(try console.store.incident(key: first.key))
        #expect(stored.events.count == 2)
        let event = try JSONReader.parse(Array(stored.events[1].fields.utf8))
        #expect(event["src_host"] == "1.1.1.1")
        #expect(event["dst_port"] == 53)
        // A channel named on the trigger wins over the kind's.
        let http = try #require(try pipeline.record(Trigger(canarytoken: id, channel: .http, srcIP: "8.8.8.8")).incident)
        #expect(http.srcHost == "8.8.8.8")
    }

    @Test("The window: a hit within incident_window_seconds joins, at or after it opens a new incident")
    func window() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let pipeline = Self.pipeline(console, window: 10)
        let start = TestConsole.now
        let first = try #require(try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.1", timeMicros: start)).incident)
        let joined = try #require(try pipeline.record(
            Trigger(canarytoken: id, srcIP: "10.0.0.1", timeMicros: start + 9_999_999)).incident)
        let opened = try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.1", timeMicros: start + 19_999_999))
        #expect(joined.key == first.key)
        guard case .recorded(let next, let isNew) = opened else {
            Issue.record("not recorded")
            return
        }
        #expect(isNew)
        #expect(next.key != first.key)
        #expect(try console.store.token(id)?.triggeredCount == 3)
    }

    @Test("Unknown and disabled tokens and ignored sources record nothing; the webhook hook sees each new incident once")
    func dropsAndHooks() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let (_, disabled) = try console.createToken(kind: "http")
        #expect(try console.call(.post, "/api/v1/canarytoken/disable", [("canarytoken", disabled)]).status == 200)
        let opened = PThreadLock<[String]>([])
        let hooks = TriggerHooks(
            isIgnored: { ip, port in ip == "10.9.9.9" || port == 9 },
            incidentOpened: { incident in opened.withLock { $0.append(incident.key) } })
        let pipeline = Self.pipeline(console, hooks: hooks)
        #expect(try pipeline.record(Trigger(canarytoken: "zzzzzzzzzzzzzzzzzzzzzzzzz", srcIP: "10.0.0.1")) == .unknownToken)
        #expect(try pipeline.record(Trigger(canarytoken: disabled, srcIP: "10.0.0.1")) == .disabledToken)
        #expect(try pipeline.record(Trigger(canarytoken: id, srcIP: "10.9.9.9")) == .ignoredSource)
        #expect(try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.1", srcPort: 9)) == .ignoredSource)
        #expect(try console.store.incidentCount() == 0)
        #expect(try console.store.token(id)?.triggeredCount == 0)
        let first = try #require(try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.1")).incident)
        _ = try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.1"))
        let second = try #require(try pipeline.record(Trigger(canarytoken: id, srcIP: "10.0.0.2")).incident)
        #expect(opened.withLock { $0 } == [first.key, second.key])
    }

    @Test("Every kind has a logtype and channel in the table")
    func everyKindCovered() {
        for kind in KindsTable.all {
            #expect(TriggerKinds.covers(kind.name), "\(kind.name)")
        }
        #expect(TriggerKinds.entry(for: "aws-id") == TriggerKinds.Entry(logtype: "17012", channel: .aws))
        #expect(TriggerKinds.entry(for: "windows-dir") == TriggerKinds.Entry(logtype: "16006", channel: .dns))
        #expect(TriggerKinds.entry(for: "doc-msword") == TriggerKinds.Entry(logtype: "17004", channel: .http))
    }
}
