import Basics
import CanaryAPI
import CanaryStore
import Foundation
import MiniHTTP
import Testing

/// The bird path of the trigger pipeline and its store call (docs/bird-incidents.md), over an in-memory store and a
/// fixed clock.
@Suite("Trigger pipeline: bird events")
struct BirdPipelineTests {
    /// A pipeline over `store` with these hooks and a window of `window` seconds.
    static func pipeline(_ store: ConsoleStore, window: Int = 60, hooks: TriggerHooks = .none) -> TriggerPipeline {
        TriggerPipeline(
            store: store, clock: WallClock(source: { TestConsole.now }), windowSeconds: window, hooks: hooks,
            log: { _ in })
    }

    /// An alert of `logtype` on the test bird.
    static func alert(
        _ logtype: String, from srcIP: String = "10.0.0.5", srcPort: Int? = 53804, dstPort: Int? = nil,
        at time: Int64? = nil, fields: [String: JSONValue] = [:]
    ) throws -> BirdAlert {
        BirdAlert(
            nodeID: BirdSupport.nodeID, logtype: try #require(BirdLogtypes.entry(logtype)), srcIP: srcIP,
            srcPort: srcPort, dstPort: dstPort, timeMicros: time, fields: fields)
    }

    /// The recorded incident and whether it opened, or a recorded issue.
    static func recorded(_ outcome: TriggerOutcome, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (IncidentRecord, Bool) {
        guard case .recorded(let incident, let opened) = outcome else {
            Issue.record("not recorded: \(outcome)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return (incident, opened)
    }

    static let seconds = TestConsole.now / 1_000_000

    @Test("An alert opens an incident keyed by word, bird hash, source and epoch; events are the table's over extra; no token moves")
    func opens() throws {
        let console = try TestConsole()
        let (_, token) = try console.createToken(kind: "http")
        let tokenBefore = try #require(try console.store.token(token))
        try BirdSupport.put(console.store)
        let (incident, opened) = try Self.recorded(try Self.pipeline(console.store).recordBird(
            try Self.alert("4002", fields: ["USERNAME": "azureuser", "timestamp": 1])))
        #expect(opened)
        #expect(incident.key == "incident:sshlogin:\(BirdSupport.hash):10.0.0.5:\(Self.seconds)")
        #expect(incident.hashID.count == 32 && incident.hashID.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(incident.nodeID == BirdSupport.nodeID)
        #expect(incident.kind == "sshlogin")
        #expect(incident.logtype == "4002")
        #expect(incident.flockID == "flock:default")
        #expect(incident.srcHost == "10.0.0.5")
        #expect(incident.srcPort == 53804)
        #expect(incident.description == "SSH Login Attempt")
        #expect(incident.createdMicros == TestConsole.now)
        #expect(incident.updatedID == 1)
        let event = try JSONReader.parse(Array(try #require(incident.events.first).fields.utf8))
        #expect(event == [
            "USERNAME": "azureuser", "PASSWORD": "123456", "LOCALVERSION": "SSH-2.0-OpenSSH_5.1p1 Debian-4",
            "REMOTEVERSION": "SSH-2.0-libssh2_1.10.0", "timestamp": .int(Int(Self.seconds)),
            "timestamp_std": "2020-04-06 08:21:55 UTC+0000",
        ])
        #expect(try JSONReader.parse(Array(incident.extra.utf8)) == [
            "name": "canary", "dst_host": "192.168.1.2", "dst_host_public_ip": "", "dst_port": "22",
            "src_host_reverse": "", "ip_address": "", "ippers": "", "mac_address": "",
            "local_time": "2020-04-06 08:21:55",
        ])
        // No token was read into a change: its count and updated_id stay, and the incident is the bird's.
        #expect(try console.store.token(token) == tokenBefore)
        #expect(try console.store.incidentCount() == 1)
        #expect(try console.store.unacknowledgedIncidentKeys(nodeID: BirdSupport.nodeID) == [incident.key])
        #expect(try console.store.currentIncidentUpdatedID() == 1)
    }

    @Test("Events join the open incident of the same bird, source and logtype within the window, else open another")
    func window() throws {
        let console = try TestConsole()
        try BirdSupport.put(console.store)
        try BirdSupport.put(console.store, BirdSupport.device(nodeID: "00000000000000ff", hash: String(repeating: "ab", count: 12)))
        let pipeline = Self.pipeline(console.store)
        let (first, _) = try Self.recorded(try pipeline.recordBird(try Self.alert("4002")))
        // The same source from another port, 59 s later: joins.
        let (joined, opened) = try Self.recorded(try pipeline.recordBird(
            try Self.alert("4002", srcPort: 60000, at: TestConsole.now + 59_000_000)))
        #expect(!opened && joined.key == first.key && joined.updatedID == 2)
        #expect(try console.store.incident(key: first.key)?.events.count == 2)
        // Another logtype of the same row, another source, another bird: each opens its own.
        let (other, otherOpened) = try Self.recorded(try pipeline.recordBird(try Self.alert("4000")))
        #expect(otherOpened && other.key != first.key && other.logtype == "4000")
        let (source, _) = try Self.recorded(try pipeline.recordBird(try Self.alert("4002", from: "10.0.0.6")))
        #expect(source.key == "incident:sshlogin:\(BirdSupport.hash):10.0.0.6:\(Self.seconds)")
        var otherBird = try Self.alert("4002")
        otherBird.nodeID = "00000000000000ff"
        let (bird, _) = try Self.recorded(try pipeline.recordBird(otherBird))
        #expect(bird.key == "incident:sshlogin:\(String(repeating: "ab", count: 12)):10.0.0.5:\(Self.seconds)")
        // 60 s after the last event: the window is over, a new incident opens.
        let late = TestConsole.now + 119_000_000
        let (after, afterOpened) = try Self.recorded(try pipeline.recordBird(try Self.alert("4002", at: late)))
        #expect(afterOpened && after.key == "incident:sshlogin:\(BirdSupport.hash):10.0.0.5:\(late / 1_000_000)")
        #expect(try console.store.incidentCount() == 5)
    }

    @Test("An acknowledged incident is not joined; a new one in the same second takes the next free epoch; the event cap opens another")
    func acknowledgedAndCap() throws {
        let console = try TestConsole()
        try BirdSupport.put(console.store)
        let pipeline = Self.pipeline(console.store)
        let (first, _) = try Self.recorded(try pipeline.recordBird(try Self.alert("2000")))
        try console.store.setAcknowledged(key: first.key, true, atMicros: TestConsole.now)
        let (second, opened) = try Self.recorded(try pipeline.recordBird(try Self.alert("2000")))
        #expect(opened)
        #expect(second.key == "incident:ftplogin:\(BirdSupport.hash):10.0.0.5:\(Self.seconds + 1)")
        // The store's cap: an incident holding `maxEvents` events is not joined.
        let event = ConsoleStore.NewBirdEvent(
            nodeID: BirdSupport.nodeID, srcHost: "10.0.0.5", srcPort: -1, timeMicros: TestConsole.now, fields: "{}",
            keyWord: "ftplogin", logtype: "2000", flockID: "flock:default", description: "FTP Login Attempt",
            extra: "{}", keyPrefix: "incident:ftplogin:\(BirdSupport.hash):10.0.0.5:", newHashID: String(repeating: "c", count: 32))
        let capped = try console.store.recordBirdEvent(event, windowMicros: 60_000_000, maxEvents: 1)
        #expect(capped.opened && capped.incident.key.hasSuffix(":\(Self.seconds + 2)"))
        #expect(capped.incident.hashID == String(repeating: "c", count: 32))
        // The same hash id again: duplicateKey, nothing written.
        #expect(throws: StoreError.duplicateKey) {
            try console.store.recordBirdEvent(event, windowMicros: 60_000_000, maxEvents: 1)
        }
        #expect(try console.store.incidentCount() == 3)
    }

    @Test("A sourceless logtype keys an empty source and port -1 whatever the alert says, and meets no ignore list")
    func sourceless() throws {
        let console = try TestConsole()
        try BirdSupport.put(console.store)
        let hooks = TriggerHooks(isIgnored: { _, _ in true }, incidentOpened: { _ in })
        let (incident, _) = try Self.recorded(try Self.pipeline(console.store, hooks: hooks).recordBird(
            try Self.alert("30001", from: "10.0.0.5", srcPort: 4444)))
        #expect(incident.key == "incident:canaryviolation:\(BirdSupport.hash)::\(Self.seconds)")
        #expect(incident.srcHost == "" && incident.srcPort == -1)
        #expect(try JSONReader.parse(Array(incident.extra.utf8))["dst_port"] == "-1")
    }

    @Test("The ignore hook sees the source and the service port; an ignored alert records nothing; a new incident reaches incidentOpened once")
    func hooks() throws {
        let console = try TestConsole()
        try BirdSupport.put(console.store)
        let seen = PThreadLock<[String]>([])
        let opened = PThreadLock<[String]>([])
        let hooks = TriggerHooks(
            isIgnored: { ip, port in
                seen.withLock { $0.append("\(ip):\(port.map(String.init) ?? "nil")") }
                return ip == "10.0.0.9" && port == 22
            },
            incidentOpened: { incident in opened.withLock { $0.append(incident.key) } })
        let pipeline = Self.pipeline(console.store, hooks: hooks)
        #expect(try pipeline.recordBird(try Self.alert("4002", from: "10.0.0.9")) == .ignoredSource)
        // Another service port from the same source is not ignored.
        let (incident, _) = try Self.recorded(try pipeline.recordBird(try Self.alert("4002", from: "10.0.0.9", dstPort: 2222)))
        _ = try pipeline.recordBird(try Self.alert("4002", from: "10.0.0.9", dstPort: 2222))
        #expect(seen.withLock { $0 } == ["10.0.0.9:22", "10.0.0.9:2222", "10.0.0.9:2222"])
        #expect(opened.withLock { $0 } == [incident.key])
        #expect(try console.store.incidentCount() == 1)
        // An unknown bird records nothing.
        var unknown = try Self.alert("4002")
        unknown.nodeID = "ffffffffffffffff"
        #expect(try pipeline.recordBird(unknown) == .unknownToken)
    }

    @Test("Bird incidents survive a restart of a file database, events and snapshot included")
    func restart() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("canary-bird-test-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let key: String
        do {
            let store = try ConsoleStore(path: path)
            try BirdSupport.put(store)
            let pipeline = Self.pipeline(store)
            let (incident, _) = try Self.recorded(try pipeline.recordBird(try Self.alert("5000", srcPort: nil)))
            _ = try pipeline.recordBird(try Self.alert("5000", srcPort: nil))
            key = incident.key
        }
        let reopened = try ConsoleStore(path: path)
        let stored = try #require(try reopened.incident(key: key))
        #expect(stored.events.count == 2 && stored.logtype == "5000" && stored.srcPort == -1)
        #expect(try JSONReader.parse(Array(stored.extra.utf8))["dst_port"] == "445")
        #expect(try reopened.currentIncidentUpdatedID() == 2)
    }
}
