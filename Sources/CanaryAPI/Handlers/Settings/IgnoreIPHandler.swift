import CanaryStore
import MiniHTTP

/// `POST /api/v1/settings/whitelist_ip_port` (docs/api.md §7.6): adds a source, on every port or on one, to the
/// ignore list.
package enum IgnoreIPHandler {
    /// Auth, `src_ip` and the optional `dst_port`, then the entry; adding one that exists succeeds the same way.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let entry = IgnoreEntry(srcIP: try IgnoreList.srcIP(parameters), dstPort: try IgnoreList.dstPort(parameters))
        _ = try context.write("could not add to the ignore list") { store in try store.addIgnoreEntry(entry) }
        return .json(["message": "Whitelist added", "result": "success"])
    }
}
