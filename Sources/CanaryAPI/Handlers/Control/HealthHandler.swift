import Basics
import CanaryStore
import MiniHTTP

/// `GET /_mock/health`: no auth; 200 once the database is open, answers a query and its path still names the file
/// the server writes to; 503 otherwise. A database file deleted or replaced while the server runs would otherwise go
/// unnoticed: SQLite keeps writing to the unlinked file and everything is gone at the next start. Writes fail then
/// too (the store refuses every commit, answered `Could not save Canarydrop`), so nothing is acknowledged and lost.
/// While the DNS responder runs, the answer carries its bound port as `dns_port` (docs/dns.md).
package enum HealthHandler {
    /// The health object, with the uptime in seconds to the millisecond.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let uptime = (max(0, Clock.now - context.startedAt) * 1000).rounded() / 1000
        let fileProblem: String? = switch context.store.fileState() {
        case .present: nil
        case .missing: "database file \(context.configuration.database) was deleted while the server runs; writes are refused, restart the server"
        case .replaced: "database file \(context.configuration.database) was replaced while the server runs; writes are refused, restart the server"
        }
        if let fileProblem {
            context.log("health check: \(fileProblem)")
            return .json([
                "message": .string(fileProblem), "result": "error", "status": "unavailable",
                "uptime_seconds": .double(uptime), "version": .string(CanaryMockVersion.current),
            ], status: .serviceUnavailable)
        }
        do {
            _ = try context.store.currentUpdatedID()
        } catch {
            context.log("health check: database query failed: \(error)")
            return .json([
                "message": "database unavailable", "result": "error", "status": "unavailable",
                "uptime_seconds": .double(uptime), "version": .string(CanaryMockVersion.current),
            ], status: .serviceUnavailable)
        }
        var body: [String: JSONValue] = [
            "result": "success", "status": "ok", "uptime_seconds": .double(uptime),
            "version": .string(CanaryMockVersion.current),
        ]
        // Only while the DNS responder runs: the port it bound, which is how a client finds a port 0 pick.
        if let dnsPort = context.dnsPort.withLock({ $0 }) { body["dns_port"] = .int(dnsPort) }
        return .json(.object(body))
    }
}
