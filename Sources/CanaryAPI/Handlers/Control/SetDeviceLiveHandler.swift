import CanaryStore
import MiniHTTP

/// `POST /_mock/devices/<node_id>` with `live=true|false` (docs/birds.md "Control"): connects or disconnects a bird;
/// a bird that goes dead records its "Canary Disconnected" incident (`BirdIncidents.deviceDied`).
package enum SetDeviceLiveHandler {
    /// The path the router knows this handler by; `routable(_:)` maps every `/_mock/devices/<node_id>` onto it.
    package static let routePath = "/_mock/devices/<node_id>"

    /// The prefix of the paths this handler serves.
    private static let prefix = "/_mock/devices/"

    /// `request` with its path replaced by `routePath` when it is `/_mock/devices/<one segment>` (the router matches
    /// exact paths only); the target keeps the node id. Any other request is returned as it is.
    package static func routable(_ request: HTTPRequest) -> HTTPRequest {
        guard request.path.hasPrefix(prefix) else { return request }
        let rest = request.path.dropFirst(prefix.count)
        guard !rest.isEmpty, !rest.contains("/") else { return request }
        var routed = request
        routed.path = routePath
        return routed
    }

    /// The node id in the request's target: the last path segment.
    static func nodeID(_ request: HTTPRequest) -> String {
        let path = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// `live` (required: `true`/`false`, `1`/`0`, or a JSON boolean) for the bird in the path; an unknown bird is
    /// `Device not found` (404). Setting the state it has changes nothing and records nothing. Answers
    /// `{"device": <list item>, "result": "success"}`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["live"])
        guard let live = try input.bool("live") else { throw .invalidControlRequest("live is required (true or false).") }
        let nodeID = nodeID(request)
        guard BirdFields.isLowerHex(nodeID, count: 16) else { throw .deviceNotFound }
        let now = context.now()
        let outcome = try context.write("could not change bird \(nodeID)") { store in
            try store.setDeviceLive(nodeID, live, atMicros: now)
        }
        guard let outcome else { throw .deviceNotFound }
        if outcome.changed, !live { _ = try BirdIncidents.deviceDied(outcome.device, context: context) }
        return .json(["device": BirdPresenter(outcome.device, nowMicros: now).listItem, "result": "success"])
    }
}
