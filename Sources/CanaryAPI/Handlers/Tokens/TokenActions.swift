import CanaryStore
import MiniHTTP

/// The steps the single-token actions share (delete, enable, disable, update).
package enum TokenActions {
    /// The `canarytoken` parameter; missing or empty → `Could not find the Canarytoken`.
    package static func tokenID(_ parameters: HTTPParameters) throws(APIError) -> String {
        guard let id = parameters["canarytoken"], !id.isEmpty else { throw .tokenNotFound }
        return id
    }

    /// Changes a token's memo and/or enabled flag; unknown id → not found, a failed write → `Could not save Canarydrop`.
    package static func update(
        _ id: String, memo: String?, enabled: Bool?, _ context: ConsoleContext
    ) throws(APIError) -> TokenRecord {
        let updated = try context.write("could not update token") { store in
            try store.updateToken(id, memo: memo, enabled: enabled)
        }
        guard let updated else { throw .tokenNotFound }
        return updated
    }
}
