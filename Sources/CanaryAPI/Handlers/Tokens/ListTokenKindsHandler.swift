import MiniHTTP

/// `GET /api/v1/canarytokens/list`: every kind create accepts, kind → display name.
package enum ListTokenKindsHandler {
    /// Auth, then the kinds table.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let kinds = Dictionary(KindsTable.all.map { ($0.name, JSONValue.string($0.displayName)) }) { first, _ in first }
        return .json(["canarytokens": .object(kinds), "result": "success"])
    }
}
