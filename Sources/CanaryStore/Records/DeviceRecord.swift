/// A bird (a Canary device) as stored (docs/birds.md). The Console API renders it two ways: the typed list item of
/// `devices/all` and the string-typed raw record of `device/info`.
package struct DeviceRecord: Sendable, Equatable {
    /// 16 lowercase hex, the primary key (`id`, `node_id` and `device_id` in the raw record).
    package var nodeID: String
    /// 24 lowercase hex, unique: the bird's part of its incident keys (`incident:sshlogin:<hash>:<ip>:<epoch>`).
    package var deviceIDHash: String
    /// Display name, e.g. `ExampleBird`.
    package var name: String
    /// Free text, e.g. `SVR Room`.
    package var description: String
    /// Free text, e.g. `SVR Room`.
    package var location: String
    /// The bird's address, e.g. `192.168.1.2` (`dst_host` of its incidents).
    package var ipAddress: String
    /// The flock the bird belongs to.
    package var flockID: String
    /// Whether the bird is connected.
    package var live: Bool
    /// When the bird first registered, in microseconds since the Unix epoch.
    package var firstSeenMicros: Int64
    /// The bird's last heartbeat (for a dead bird, when it was last heard from).
    package var lastSeenMicros: Int64
    /// When the bird last came up: its uptime counts from here.
    package var liveSinceMicros: Int64
    /// How many times the bird came back after being dead.
    package var reconnectCount: Int
    /// The optional fields the bird was given (`mac_address`, `version`, `ippers`, …), as a JSON object text.
    package var options: String

    /// Makes a device record.
    package init(
        nodeID: String, deviceIDHash: String, name: String, description: String, location: String, ipAddress: String,
        flockID: String, live: Bool, firstSeenMicros: Int64, lastSeenMicros: Int64, liveSinceMicros: Int64,
        reconnectCount: Int = 0, options: String = "{}"
    ) {
        self.nodeID = nodeID
        self.deviceIDHash = deviceIDHash
        self.name = name
        self.description = description
        self.location = location
        self.ipAddress = ipAddress
        self.flockID = flockID
        self.live = live
        self.firstSeenMicros = firstSeenMicros
        self.lastSeenMicros = lastSeenMicros
        self.liveSinceMicros = liveSinceMicros
        self.reconnectCount = reconnectCount
        self.options = options
    }
}
