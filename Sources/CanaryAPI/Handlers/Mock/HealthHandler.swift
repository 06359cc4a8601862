import CanaryStore
import MiniHTTP

/// `GET /_mock/health`: no auth; 200 once the database is open and answers a query, 503 otherwise.
package enum HealthHandler {
    /// The health object, with the uptime in seconds to the millisecond.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let uptime = (max(0, Clock.now - context.startedAt) * 1000).rounded() / 1000
        do {
            _ = try context.store.currentUpdatedID()
        } catch {
            context.log("health check: database query failed: \(error)")
            return .json([
                "message": "database unavailable", "result": "error", "status": "unavailable",
                "uptime_seconds": .double(uptime), "version": .string(CanaryMockVersion.current),
            ], status: .serviceUnavailable)
        }
        return .json([
            "result": "success", "status": "ok", "uptime_seconds": .double(uptime),
            "version": .string(CanaryMockVersion.current),
        ])
    }
}
