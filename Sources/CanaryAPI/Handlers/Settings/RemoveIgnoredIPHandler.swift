import CanaryStore
import MiniHTTP

/// `POST /api/v1/settings/whitelisting/remove_whitelist_ip` (docs/api.md §7.6): takes a source off the ignore list,
/// so its hits make incidents again.
package enum RemoveIgnoredIPHandler {
    /// Auth, `src_ip` and the optional `dst_port`, then the removal: with `dst_port` only that port's entry goes,
    /// without it every entry of the address. Removing an address that is not listed succeeds the same way (the
    /// Console documents only `{"result": "success"}`; docs/choices.md).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let srcIP = try IgnoreList.srcIP(parameters)
        let dstPort = try IgnoreList.dstPort(parameters)
        _ = try context.write("could not remove from the ignore list") { store in
            try store.removeIgnoreEntries(srcIP: srcIP, dstPort: dstPort)
        }
        return .json(["result": "success"])
    }
}
