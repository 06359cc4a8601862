import CanaryStore
import MiniHTTP

/// `POST /api/v1/canarytoken/create_factory` (docs/api.md §3.3).
package enum CreateFactoryHandler {
    /// The path the response advertises, as the real Console does (it also serves `factory/create`).
    package static let factoryURL = "/api/v1/canarytoken/factory"

    /// Auth, memo, optional flock; stores a new factory auth string.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let memo = try ConsoleContext.memo(parameters)
        let flockID = try context.flockID(parameters, fallback: KindsTable.defaultFlockID)
        let factoryAuth = try context.retryingNewID(Identifiers.factoryAuth, failure: "could not save factory") { id in
            try context.store.insertFactory(
                FactoryRecord(factoryAuth: id, memo: memo, flockID: flockID, createdMicros: context.now()))
            return id
        }
        return .json([
            "factory_auth": .string(factoryAuth), "factory_url": .string(factoryURL), "result": "success",
        ])
    }
}
