import CanaryStore
import Testing

@Suite("Store: birds (devices table)")
struct DevicesStoreTests {
    /// A bird first seen at `at`, live since then.
    static func bird(_ nodeID: String, hash: String, name: String = "Bird", live: Bool = true, at: Int64 = 1_000_000)
        -> DeviceRecord
    {
        DeviceRecord(
            nodeID: nodeID, deviceIDHash: hash, name: name, description: "SVR Room", location: "Rack 4",
            ipAddress: "192.168.1.2", flockID: "flock:default", live: live, firstSeenMicros: at, lastSeenMicros: at,
            liveSinceMicros: at, reconnectCount: 0, options: #"{"version":"3.0.0"}"#)
    }

    /// An incident of `nodeID`, acknowledged or not.
    static func incident(_ key: String, nodeID: String, acknowledged: Bool, at: Int64, updatedID: Int) -> IncidentRecord {
        IncidentRecord(
            key: key, hashID: String(repeating: "\(updatedID)", count: 32), nodeID: nodeID,
            kind: "", logtype: "1004", flockID: "flock:default", srcHost: "", srcPort: 0,
            description: "Canary Disconnected", createdMicros: at, lastEventMicros: at, updatedMicros: at,
            acknowledged: acknowledged, updatedID: updatedID, events: [])
    }

    @Test("putDevice adds, device reads every field back, devices lists in insertion order and filters by state")
    func roundTrip() throws {
        let store = try ConsoleStore(path: ":memory:")
        let first = Self.bird("00000000f9495cec", hash: "3e17336e68a21e426385b32a", name: "First")
        let second = Self.bird("000000004e46095c", hash: "9a5e8f0c2d4b6a1e3c5f7d9b", name: "Second", live: false)
        try store.putDevice(first)
        try store.putDevice(second)
        #expect(try store.device("00000000f9495cec") == first)
        #expect(try store.device("000000004e46095c") == second)
        #expect(try store.device("0000000000000000") == nil)
        #expect(try store.devices() == [first, second])
        #expect(try store.devices(live: true) == [first])
        #expect(try store.devices(live: false) == [second])
        #expect(try store.deviceCount() == 2)
    }

    @Test("putDevice with a known node id replaces every field and keeps the bird's place; a taken hash is refused")
    func replace() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.putDevice(Self.bird("00000000000000a1", hash: String(repeating: "a", count: 24), name: "A"))
        try store.putDevice(Self.bird("00000000000000b2", hash: String(repeating: "b", count: 24), name: "B"))
        var renamed = Self.bird("00000000000000a1", hash: String(repeating: "c", count: 24), name: "A2", live: false)
        renamed.reconnectCount = 3
        try store.putDevice(renamed)
        #expect(try store.devices().map(\.name) == ["A2", "B"])
        #expect(try store.device("00000000000000a1") == renamed)
        #expect(throws: StoreError.duplicateKey) {
            try store.putDevice(Self.bird("00000000000000c3", hash: String(repeating: "b", count: 24)))
        }
        #expect(try store.devices().count == 2)
    }

    @Test("setDeviceLive: dying keeps last_seen at that time, coming back restarts uptime and counts a reconnect")
    func liveAndDead() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.putDevice(Self.bird("00000000f9495cec", hash: String(repeating: "1", count: 24)))
        let died = try #require(try store.setDeviceLive("00000000f9495cec", false, atMicros: 5_000_000))
        #expect(died.changed)
        #expect(!died.device.live && died.device.lastSeenMicros == 5_000_000 && died.device.liveSinceMicros == 1_000_000)
        let again = try #require(try store.setDeviceLive("00000000f9495cec", false, atMicros: 9_000_000))
        #expect(!again.changed && again.device == died.device)
        let back = try #require(try store.setDeviceLive("00000000f9495cec", true, atMicros: 7_000_000))
        #expect(back.changed)
        #expect(back.device.live && back.device.liveSinceMicros == 7_000_000 && back.device.lastSeenMicros == 7_000_000)
        #expect(back.device.reconnectCount == 1)
        #expect(try store.setDeviceLive("0000000000000000", false, atMicros: 1) == nil)
    }

    @Test("unacknowledgedIncidentKeys lists the bird's unacknowledged incidents, oldest first")
    func unacknowledged() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.transaction { transaction in
            try transaction.insertIncident(Self.incident("k2", nodeID: "00000000f9495cec", acknowledged: false, at: 20, updatedID: 1))
            try transaction.insertIncident(Self.incident("k1", nodeID: "00000000f9495cec", acknowledged: false, at: 10, updatedID: 2))
            try transaction.insertIncident(Self.incident("k3", nodeID: "00000000f9495cec", acknowledged: true, at: 30, updatedID: 3))
            try transaction.insertIncident(Self.incident("k4", nodeID: "000000004e46095c", acknowledged: false, at: 40, updatedID: 4))
        }
        #expect(try store.unacknowledgedIncidentKeys(nodeID: "00000000f9495cec") == ["k1", "k2"])
        #expect(try store.unacknowledgedIncidentKeys(nodeID: "0000000000000000") == [])
    }

    @Test("Birds and their state survive closing and reopening the database file; reset empties the table")
    func restart() throws {
        try withTemporaryDatabase { path in
            let bird = Self.bird("00000000f9495cec", hash: String(repeating: "2", count: 24))
            do {
                let store = try ConsoleStore(path: path)
                try store.putDevice(bird)
                _ = try store.setDeviceLive("00000000f9495cec", false, atMicros: 4_000_000)
            }
            let reopened = try ConsoleStore(path: path)
            var expected = bird
            expected.live = false
            expected.lastSeenMicros = 4_000_000
            #expect(try reopened.devices() == [expected])
            #expect(try reopened.transaction { try $0.device("00000000f9495cec") } == expected)
            try reopened.reset()
            #expect(try reopened.devices() == [])
        }
    }
}
