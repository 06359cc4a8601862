import MiniHTTP

/// One event of a bird, as `POST /_mock/alert` or a dying bird hands it to `TriggerPipeline.recordBird(_:)`
/// (docs/bird-incidents.md).
package struct BirdAlert: Sendable, Equatable {
    /// The bird's node id.
    package var nodeID: String
    /// The logtype's row of the table.
    package var logtype: BirdLogtypes.Entry
    /// The source IP; ignored (empty) for a sourceless logtype.
    package var srcIP: String
    /// The source port; nil shows as `-1`.
    package var srcPort: Int?
    /// The service port; nil takes the table's (`-1` when the table has none).
    package var dstPort: Int?
    /// The event's time in microseconds since the Unix epoch; nil: now on the console's clock.
    package var timeMicros: Int64?
    /// Event fields laid over the table's default event (`timestamp` and `timestamp_std` are the pipeline's).
    package var fields: [String: JSONValue]

    /// Makes an alert.
    package init(
        nodeID: String, logtype: BirdLogtypes.Entry, srcIP: String = "", srcPort: Int? = nil, dstPort: Int? = nil,
        timeMicros: Int64? = nil, fields: [String: JSONValue] = [:]
    ) {
        self.nodeID = nodeID
        self.logtype = logtype
        self.srcIP = srcIP
        self.srcPort = srcPort
        self.dstPort = dstPort
        self.timeMicros = timeMicros
        self.fields = fields
    }
}
