import MiniHTTP

/// `GET /api/v1/canarytokens/factory/list`: the kinds the factory makes (configuration `factory_kinds`).
package enum ListFactoryTokenKindsHandler {
    /// Auth, then kind → display name for each factory kind.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        var kinds: [String: JSONValue] = [:]
        for kind in KindsTable.all where context.factoryKinds.contains(kind.name) {
            kinds[kind.name] = .string(kind.displayName)
        }
        return .json(["factory_canarytokens": .object(kinds), "result": "success"])
    }
}
