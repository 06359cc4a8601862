import Basics
import CanaryStore
import MiniHTTP

/// What every handler needs: the store, the configuration and the shared services built from it.
package struct ConsoleContext: Sendable {
    /// The durable state.
    package let store: ConsoleStore
    /// The merged configuration.
    package let configuration: MockConfiguration
    /// The API key check.
    package let authenticator: Authenticator
    /// Kinds the factory endpoint makes.
    package let factoryKinds: Set<String>
    /// Request limits (parameter counts, multipart bounds).
    package let limits: HTTPLimits
    /// The wall clock that stamps everything this console stores and prints; `/_mock/clock` moves it. Each context
    /// owns its own, so moving one console's clock leaves every other alone.
    package let clock: WallClock
    /// Where unexpected failures are reported (never shown to clients).
    package let log: @Sendable (String) -> Void
    /// When the server started, on the monotonic clock (`Clock.now`), for the health uptime.
    package let startedAt: Double
    /// The last requests answered (`/_mock/requests`).
    package let journal: RequestJournal
    /// The fault rules in force (`/_mock/faults`).
    package let faults = FaultRules()
    /// The slots for processing uploaded documents (create and the first download of an older token).
    package let uploads = UploadGate()
    /// Where every channel's hits go (docs/triggers.md).
    package let triggers: TriggerPipeline
    /// The ignore list the pipeline checks every hit against (docs/api.md §7.6).
    package let ignoreList: IgnoreList
    /// The parsed seed file, when one is configured (`POST /_mock/reset?reseed=true` applies it again).
    package let seed: SeedFile?
    /// The UDP port the DNS responder is bound to, set by the executable once it runs (nil: no responder), so
    /// `/_mock/health` can show a port 0 pick (docs/dns.md).
    package let dnsPort = PThreadLock<Int?>(nil)
    /// The webhook sender and its targets (docs/webhooks.md); its thread starts with the first body.
    package let webhooks: WebhookSender

    /// Makes a context from a store and configuration.
    package init(
        store: ConsoleStore, configuration: MockConfiguration, limits: HTTPLimits = .default,
        clock: WallClock = WallClock(),
        log: @escaping @Sendable (String) -> Void = { _ in }, startedAt: Double = Clock.now, seed: SeedFile? = nil,
        hooks: TriggerHooks = .none
    ) {
        let webhooks = WebhookSender(targets: configuration.webhooks, clock: clock, log: log)
        let sendWebhooks = WebhookHook.incidentOpened(
            store: store, sender: webhooks, triggeredType: configuration.webhookTriggeredType, log: log)
        let given = hooks.incidentOpened
        var hooks = hooks
        hooks.incidentOpened = { incident in
            given(incident)
            sendWebhooks(incident)
        }
        self.webhooks = webhooks
        let ignoreList = IgnoreList(store: store, log: log)
        self.ignoreList = ignoreList
        self.triggers = TriggerPipeline(
            store: store, clock: clock, windowSeconds: configuration.incidentWindowSeconds,
            hooks: ignoreList.hooks(over: hooks), log: log)
        self.seed = seed
        self.startedAt = startedAt
        self.journal = RequestJournal(capacity: configuration.journalSize)
        self.store = store
        self.configuration = configuration
        self.authenticator = Authenticator(tokens: configuration.authTokens)
        self.factoryKinds = Set(configuration.factoryKinds)
        self.limits = limits
        self.clock = clock
        self.log = log
    }

    /// Now on the console's clock, in microseconds since the Unix epoch.
    package func now() -> Int64 { clock.nowMicros() }

    /// The request's merged parameters, or `Could not process the parameters`.
    package func parameters(_ request: HTTPRequest) throws(APIError) -> HTTPParameters {
        do {
            return try request.parameters(limits: limits)
        } catch {
            throw APIError(error)
        }
    }

    /// The merged parameters after the API key check: the first two steps of every Console endpoint.
    package func authenticated(_ request: HTTPRequest) throws(APIError) -> HTTPParameters {
        let parameters = try parameters(request)
        try authenticator.check(request, parameters)
        return parameters
    }

    /// The factory named by `factory_auth`, which must exist and not be deleted; the factory string is the only
    /// credential of the factory routes (an `auth_token` does not replace it). Otherwise `Invalid factory_auth`.
    package func liveFactory(_ parameters: HTTPParameters) throws(APIError) -> FactoryRecord {
        guard let given = parameters["factory_auth"], !given.isEmpty,
            let factory = try read("factory", { store in try store.factory(given) }),
            !factory.isDeleted,
            Authenticator.constantTimeEquals(Array(factory.factoryAuth.utf8), Array(given.utf8))
        else { throw .invalidFactoryAuth }
        return factory
    }

    // MARK: - Store calls

    // The store's public API throws `StoreError`; these helpers take plain throwing closures, so a handler's store
    // call is one line, and are the one place where a store failure becomes what the client sees (docs/store.md).

    /// Runs a store read; a failure is logged and answered as an internal error.
    package func read<T>(_ what: String, _ body: (ConsoleStore) throws -> T) throws(APIError) -> T {
        do {
            return try body(store)
        } catch {
            log("store read failed (\(what)): \(error)")
            throw .internalError
        }
    }

    /// Runs a store write; any failure is logged as `<failure>: <error>` and answered `Could not save Canarydrop`.
    /// - Parameter failure: the log text, e.g. `could not delete token`; built only when the write fails.
    package func write<T>(
        _ failure: @autoclosure () -> String, _ body: (ConsoleStore) throws -> T
    ) throws(APIError) -> T {
        do {
            return try body(store)
        } catch {
            log("\(failure()): \(error)")
            throw .couldNotSave
        }
    }

    /// Runs `body` with a new id from `newID` until the store takes one: a taken id (`StoreError.duplicateKey`) is
    /// retried with another up to `attempts` times, then answered `Could not save Canarydrop`. An `APIError` from
    /// `body` passes through; any other failure is logged as `<failure>: <error>` and answered `Could not save
    /// Canarydrop`.
    /// - Parameters:
    ///   - newID: makes a random id (`Identifiers.canarytoken`, `.flockID`, `.factoryAuth`).
    ///   - failure: the log text, built only when the write fails.
    package func retryingNewID<T>(
        _ newID: () -> String, failure: @autoclosure () -> String, attempts: Int = 4, _ body: (String) throws -> T
    ) throws(APIError) -> T {
        for _ in 0..<attempts {
            do {
                return try body(newID())
            } catch StoreError.duplicateKey {
                continue
            } catch let error as APIError {
                throw error
            } catch {
                log("\(failure()): \(error)")
                throw .couldNotSave
            }
        }
        throw .couldNotSave
    }

    /// Checks an optional `flock_id`: absent → `fallback`; unknown → `Flock does not exist.`.
    package func flockID(_ parameters: HTTPParameters, fallback: String) throws(APIError) -> String {
        guard let given = parameters["flock_id"], !given.isEmpty else { return fallback }
        let exists = try read("flock") { store in try store.flockExists(given) }
        guard exists else { throw .flockDoesNotExist }
        return given
    }

    /// The memo rule of docs/api.md §3.1: missing or blank → `Empty memo`; over 10,000 characters → bad parameter.
    package static func memo(_ parameters: HTTPParameters) throws(APIError) -> String {
        guard let memo = parameters["memo"], memo.contains(where: { !$0.isWhitespace }) else { throw .emptyMemo }
        guard memo.unicodeScalars.count <= maxMemoLength else { throw .couldNotProcessParameters }
        return memo
    }

    /// The Console's memo limit, in characters (code points, as Python counts them).
    package static let maxMemoLength = 10_000
}
