import CanaryStore

/// Birds for the bird-incident tests, stored with `putDevice` (the store call of docs/birds.md).
enum BirdSupport {
    /// The first test bird's node id.
    static let nodeID = "000123456789abcd"
    /// The first test bird's incident-key hash (24 hex).
    static let hash = "832426ae8c3a0e1450ac6dba"

    /// A bird record; only what the tests vary is a parameter.
    static func device(
        nodeID: String = nodeID, hash: String = hash, name: String = "canary", ip: String = "192.168.1.2",
        location: String = "Server room A", flockID: String = "flock:default", live: Bool = true
    ) -> DeviceRecord {
        DeviceRecord(
            nodeID: nodeID, deviceIDHash: hash, name: name, description: "SVR Room", location: location, ipAddress: ip,
            flockID: flockID, live: live, firstSeenMicros: 1_500_000_000_000_000, lastSeenMicros: 1_500_000_000_000_000,
            liveSinceMicros: 1_500_000_000_000_000)
    }

    /// Stores a bird and returns it.
    @discardableResult
    static func put(_ store: ConsoleStore, _ device: DeviceRecord = device()) throws -> DeviceRecord {
        try store.putDevice(device)
        return device
    }
}
