import CanaryStore
import MiniHTTP

/// `POST /_mock/alert` (docs/api.md §7.5 "Bird alerts", docs/bird-incidents.md): a bird reports an event, as if an
/// attacker had touched one of its services, through the same pipeline as token hits, and the answer is the
/// incident as `incident/fetch` shows it.
package enum AlertHandler {
    /// The fields the endpoint reads; any other is an error.
    private static let fields: Set<String> = [
        "node_id", "logtype", "src_ip", "src_port", "dst_port", "time", "count", "extra",
    ]

    /// Most events one request records.
    package static let maxCount = 1000

    /// Records `count` events (default 1) of the logtype on the bird and answers `{"incident": <flat incident>,
    /// "result": "success"}`; a source on the ignore list answers `"incident": null` and records nothing.
    /// - Throws: a control error (400) for a missing or malformed field, a logtype outside the table, or a dead
    ///   bird; `Device not found` (404) for an unknown bird, as `device/getinfo` answers it.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(fields)
        guard let nodeID = try input.string("node_id")?.lowercased(), !nodeID.isEmpty else {
            throw .invalidControlRequest("node_id is required.")
        }
        let entry = try logtype(input)
        // The default source is the caller's address, without its port (MiniHTTP reports `ip:port`).
        let peer = PeerAddress.split(request.remoteAddress)
        let srcIP = try input.string("src_ip") ?? (peer.ip.isEmpty ? "127.0.0.1" : peer.ip)
        guard IgnoreList.isAddress(srcIP) else {
            throw .invalidControlRequest("src_ip must be an IPv4 or IPv6 address such as 10.0.0.1.")
        }
        let srcPort = try input.int("src_port", in: 0...65535) ?? (input.names.contains("src_ip") ? nil : peer.port)
        let dstPort = try input.int("dst_port", in: 0...65535)
        let time = try input.double("time", in: 0...Double(ClockHandler.maxSeconds))
            .map { Int64(($0 * 1_000_000).rounded(.down)) }
        let count = try input.int("count", in: 1...maxCount) ?? 1
        let extra = try input.object("extra") ?? [:]

        let device = try context.read("alert bird") { store in try store.device(nodeID) }
        guard let device else { throw .deviceNotFound }
        // docs/bird-incidents.md: the Console only hears from live birds, so a dead bird's alert is refused.
        guard device.live else { throw .invalidControlRequest("bird \(nodeID) is dead") }

        let alert = BirdAlert(
            nodeID: nodeID, logtype: entry, srcIP: IgnoreList.canonical(srcIP), srcPort: srcPort, dstPort: dstPort,
            timeMicros: time, fields: extra)
        var last: IncidentRecord?
        for _ in 0..<count {
            switch try context.triggers.recordBird(alert) {
            case .recorded(let incident, _): last = incident
            case .ignoredSource: return .json(["incident": .null, "result": "success"])
            // The bird was deleted between the read and the write.
            case .unknownToken, .disabledToken: throw .deviceNotFound
            }
        }
        // The outcome carries only the last event; the answer shows them all.
        guard let key = last?.key,
            let incident = try context.read("alert incident", { store in try store.incident(key: key) })
        else { throw .internalError }
        return .json(["incident": try IncidentJSON.flat(incident, context: context), "result": "success"])
    }

    /// The `logtype` field, a code of the table given as text or a number.
    private static func logtype(_ input: ControlInput) throws(APIError) -> BirdLogtypes.Entry {
        guard input.names.contains("logtype") else { throw .invalidControlRequest("logtype is required.") }
        let text = (try? input.string("logtype")) ?? (try? input.int("logtype", in: 0...Int.max)).flatMap { $0 }
            .map(String.init)
        guard let text, let entry = BirdLogtypes.entry(text) else {
            throw .invalidControlRequest(
                "logtype \(text ?? "") is not a bird logtype: use a code of the table in docs/bird-incidents.md, "
                    + "such as 4002.")
        }
        return entry
    }
}
