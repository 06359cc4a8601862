import CanaryStore
import MiniHTTP

/// `POST /_mock/reset`: empties every table in one transaction and re-applies the configured flocks and factories,
/// so one test leaves nothing behind for the next. No Console auth (it is the mock's own endpoint).
package enum ResetHandler {
    /// Resets, then answers `{"result": "success"}`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        do {
            try context.store.reset()
            try ConsoleSeeder.seed(context.store, context.configuration, nowMicros: context.now())
        } catch {
            context.log("reset failed: \(error)")
            throw .couldNotSave
        }
        return .json(["result": "success"])
    }
}
