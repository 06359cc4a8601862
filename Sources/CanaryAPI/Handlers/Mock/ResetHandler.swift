import CanaryStore
import MiniHTTP

/// `POST /_mock/reset`: empties every table in one transaction and re-applies the configured flocks and factories,
/// so one test leaves nothing behind for the next. `keep=flocks` keeps the flocks; `reseed=true` loads the seed
/// file again afterwards. No Console auth (it is the mock's own endpoint).
package enum ResetHandler {
    /// Resets, then answers `{"result": "success"}`.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["keep", "reseed"])
        let keep = try input.string("keep")
        guard keep == nil || keep == "flocks" else { throw .invalidControlRequest("keep must be flocks.") }
        let reseed = try input.bool("reseed") ?? false
        if reseed, context.seed == nil {
            throw .invalidControlRequest("reseed=true needs a seed file (--seed or the config key seed).")
        }
        do {
            try context.store.reset(keepFlocks: keep == "flocks")
            try ConsoleSeeder.seed(context.store, context.configuration, nowMicros: context.now())
            if reseed, let seed = context.seed {
                try seed.apply(to: context.store, tokenDomain: context.configuration.tokenDomain, nowMicros: context.now())
            }
        } catch {
            context.log("reset failed: \(error)")
            throw .couldNotSave
        }
        return .json(["result": "success"])
    }
}
