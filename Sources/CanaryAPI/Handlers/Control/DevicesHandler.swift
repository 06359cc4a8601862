import CanaryStore
import MiniHTTP

/// `POST /_mock/devices` and `GET /_mock/devices` (docs/birds.md "Control"): adds or replaces a bird, and lists
/// every bird in the list item form.
package enum DevicesHandler {
    /// Most birds the control API adds: every list answer holds them all, so their number bounds its size.
    package static let maxDevices = 10_000

    /// Reads one bird (form, query or JSON object; `BirdFields`), checks its flock, and stores it: a new node id
    /// (given, or eight zeros and eight random hex digits) adds a bird with a random `device_id_hash`; a known one
    /// replaces that bird, which keeps its `first_seen` and hash. Answers `{"device": <list item>, "result":
    /// "success"}`.
    /// - Throws: a control error naming the field (a malformed or unknown field, a flock that does not exist), or
    ///   saying that the console already holds `maxDevices` birds.
    package static func add(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        let fields: BirdFields
        do {
            fields = try BirdFields(reading: input.reader)
        } catch {
            throw .invalidControlRequest(error.message)
        }
        let flockKnown = try context.read("flock") { store in try store.flockExists(fields.flockID) }
        guard flockKnown else {
            throw .invalidControlRequest("flock_id must name an existing flock; \(fields.flockID) does not exist.")
        }
        let now = context.now()
        var nodeID = fields.nodeID ?? ""
        if fields.nodeID == nil { nodeID = try newNodeID(context) }
        let existing = try context.read("device") { store in try store.device(nodeID) }
        if existing == nil, try context.read("device count", { store in try store.deviceCount() }) >= maxDevices {
            throw .invalidControlRequest("The console holds \(maxDevices) birds, the most it keeps; reset it or replace one.")
        }
        let stored = try context.retryingNewID(BirdFields.newDeviceIDHash, failure: "could not store bird") { hash in
            let record = fields.record(replacing: existing, nodeID: nodeID, deviceIDHash: hash, nowMicros: now)
            try context.store.putDevice(record)
            return record
        }
        return .json(["device": BirdPresenter(stored, nowMicros: now).listItem, "result": "success"])
    }

    /// `{"devices": [<list item>…], "result": "success"}`, in the order the birds were added.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let devices = try context.read("devices") { store in try store.devices() }
        let now = context.now()
        return .json([
            "devices": .array(devices.map { BirdPresenter($0, nowMicros: now).listItem }), "result": "success",
        ])
    }

    /// A node id no bird has yet.
    private static func newNodeID(_ context: ConsoleContext) throws(APIError) -> String {
        for _ in 0..<8 {
            let candidate = BirdFields.newNodeID()
            if try context.read("device", { store in try store.device(candidate) }) == nil { return candidate }
        }
        throw .couldNotSave
    }
}
