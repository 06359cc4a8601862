import CanaryStore
import MiniHTTP

/// `POST /api/v1/flock/create` (docs/api.md §6.4).
package enum CreateFlockHandler {
    /// The longest flock name, in characters (code points).
    package static let maxNameLength = 100

    /// Auth; `name` missing or blank → `Flock name cannot be empty.`, over 100 characters → too long; names need
    /// not be unique (mock's choice). Answers the new id.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        guard let name = parameters["name"], name.contains(where: { !$0.isWhitespace }) else { throw .flockNameEmpty }
        guard name.unicodeScalars.count <= maxNameLength else { throw .flockNameTooLong }
        let flockID = try context.retryingNewID(Identifiers.flockID, failure: "could not save flock") { id in
            try context.store.createFlock(FlockRecord(flockID: id, name: name, createdMicros: context.now()))
            return id
        }
        return .json(["flock_id": .string(flockID), "result": "success"])
    }
}
