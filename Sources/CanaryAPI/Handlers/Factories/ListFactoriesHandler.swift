import CanaryStore
import MiniHTTP

/// `GET /api/v1/canarytoken/list_factories` (docs/api.md §6.4): live factory auth strings, oldest first.
package enum ListFactoriesHandler {
    /// Auth, then every factory not deleted with its flock and memo.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let factories = try context.read("factories") { store in
            try store.factories(includeDeleted: false)
        }
        let list: [JSONValue] = factories.map { factory in
            ["factory_auth": .string(factory.factoryAuth), "flock_id": .string(factory.flockID), "memo": .string(factory.memo)]
        }
        return .json(["factories": .array(list), "result": "success"])
    }
}
