import CanaryStore
import MiniHTTP

/// `POST /_mock/reset`: empties every table and re-applies the configured flocks and factories, so one test leaves
/// nothing behind for the next. `keep=flocks` keeps the flocks; `reseed=true` loads the seed file again. All of it is
/// one transaction: other requests see the console before or after, never emptied and half refilled, and a crash
/// part-way leaves the old state. No Console auth (it is the mock's own endpoint).
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
        try context.write("reset failed") { store in
            let now = context.now()
            // The seed's tokens are made (keys, QR codes) before the store's lock is taken.
            let prepared = reseed ? try context.seed?.prepare(
                tokenDomain: context.configuration.tokenDomain, urlBase: context.configuration.tokenURLBase, nowMicros: now) : nil
            try store.transaction { transaction in
                // The Default Flock one microsecond before what is re-applied, so it stays the oldest flock (as it is
                // after a first start) and listings keep it first.
                try transaction.reset(keepFlocks: keep == "flocks", defaultFlockCreatedMicros: max(0, now - 1))
                try ConsoleSeeder.seed(in: transaction, context.configuration, nowMicros: now)
                try prepared?.write(in: transaction)
            }
        }
        // docs/webhooks.md: webhooks added through the API go; the configured ones stay.
        context.webhooks.reset(configured: context.configuration.webhooks)
        return .json(["result": "success"])
    }
}
