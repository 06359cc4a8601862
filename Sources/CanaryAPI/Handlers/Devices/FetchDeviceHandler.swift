import CanaryStore
import MiniHTTP

/// `GET /api/v1/device/info` and its undocumented twin `device/getinfo`, which the official client calls for every
/// bird (docs/birds.md "Console endpoints"): one bird's string-typed raw record.
package enum FetchDeviceHandler {
    /// Auth, `tz`, `node_id` (missing or unknown: `Device not found`, 404), `settings` (true in any case, or 1:
    /// the record carries a `settings` object; `exclude_fixed_settings` is accepted and changes nothing), then
    /// `{"device": <raw record>, "result": "success"}` with the bird's unacknowledged incident keys.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let zone = try IncidentTimeZone.parse(parameters)
        guard let nodeID = parameters["node_id"], !nodeID.isEmpty else { throw .deviceNotFound }
        guard let device = try context.read("device", { store in try store.device(nodeID) }) else {
            throw .deviceNotFound
        }
        let keys = try context.read("device incidents") { store in
            try store.unacknowledgedIncidentKeys(nodeID: device.nodeID)
        }
        // The official client sends Python's `str(False)`; other scripts send `true` or `True` (docs/birds.md).
        let withSettings = parameters["settings"].flatMap(Validation.parseBoolean) ?? false
        let presenter = BirdPresenter(device, nowMicros: context.now(), zone: zone)
        return .json([
            "device": presenter.rawRecord(unacknowledgedKeys: keys, withSettings: withSettings),
            "result": "success",
        ])
    }
}
