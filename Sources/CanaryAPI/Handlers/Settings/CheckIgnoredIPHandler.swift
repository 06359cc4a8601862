import CanaryStore
import MiniHTTP

/// `GET /api/v1/settings/is_ip_ignored` and its older name `settings/is_ip_whitelisted` (docs/api.md §7.6).
package enum CheckIgnoredIPHandler {
    /// Auth, `src_ip` and the optional `dst_port`, then whether a hit from there would be ignored, under both keys
    /// clients read (`is_ip_ignored`, `is_ip_whitelisted`) and `is_whitelist_enabled` (always true).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let srcIP = try IgnoreList.srcIP(parameters)
        let port = try IgnoreList.dstPort(parameters)
        let entries = try context.read("ignore list") { store in try store.ignoreEntries(srcIP: srcIP) }
        let ignored = entries.contains { $0.matches(srcIP: srcIP, port: port) }
        return .json([
            "is_ip_ignored": .bool(ignored), "is_ip_whitelisted": .bool(ignored), "is_whitelist_enabled": true,
            "result": "success",
        ])
    }
}
