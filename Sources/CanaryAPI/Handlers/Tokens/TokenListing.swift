import CanaryStore
import MiniHTTP

/// Helpers the token listing endpoints share.
package enum TokenListing {
    /// The optional `flock_id` filter: absent or empty → nil (every flock); unknown → `Flock does not exist.`.
    package static func flockFilter(_ parameters: HTTPParameters, _ context: ConsoleContext) throws(APIError) -> String? {
        guard let given = parameters["flock_id"], !given.isEmpty else { return nil }
        return try context.flockID(parameters, fallback: given)
    }
}
