import Basics
import Glibc
import MiniHTTP

/// Sends webhook bodies from its own thread (docs/webhooks.md): a bounded queue that a trigger only appends to (a
/// full queue drops the body, counts and logs it, and never blocks), a timeout per attempt, a few attempts with
/// backoff, and a bounded history of every attempt for `/_mock/webhooks`. The thread starts with the first body, so
/// a console without webhooks runs no thread.
// @unchecked Sendable: every mutable member is read and written under `mutex` only; `thread` is also set only
// under it, and joined once by `stop()`.
package final class WebhookSender: @unchecked Sendable {
    /// How the sender behaves; the defaults are the mock's documented choices.
    package struct Policy: Sendable {
        /// Bodies waiting to be sent, at most.
        package var queueCapacity = 1_000
        /// Attempts kept for `/_mock/webhooks`, at most (the oldest go first).
        package var historyCapacity = 1_000
        /// Attempts per body.
        package var attempts = 3
        /// Seconds one attempt may take, connect to status line.
        package var timeout = 2.0
        /// Seconds to wait before the second and later attempts (the last value repeats).
        package var backoff = [0.5, 1.0]

        /// The default policy.
        package init() {}
    }

    /// One body for one webhook.
    package struct Outbound: Sendable {
        /// Where to.
        package var target: WebhookTarget
        /// The JSON body.
        package var body: JSONValue
        /// The order of its objects' keys (`WebhookBody.encode(_:keyOrder:)`); empty: sorted, as every other JSON
        /// the mock writes.
        package var keyOrder: [String]

        /// Makes an outbound body.
        package init(target: WebhookTarget, body: JSONValue, keyOrder: [String] = []) {
            self.target = target
            self.body = body
            self.keyOrder = keyOrder
        }
    }

    private let policy: Policy
    private let clock: WallClock
    private let log: @Sendable (String) -> Void
    private let mutex = PThreadMutex()
    private let wake = PThreadCondition()
    private var queue: [Outbound] = []
    private var queueHead = 0
    private var history: [WebhookAttempt] = []
    private var overflow = 0
    /// When a drop was last logged (`Clock.now`), so a flood logs one line a second rather than one a body.
    private var overflowLoggedAt: Double?
    private var stopping = false
    private var thread: pthread_t?
    private var configured: [WebhookTarget]
    private var added: [WebhookTarget] = []
    private var addedCount = 0

    /// Makes a sender for the configured webhooks; nothing runs until a body is queued.
    package init(
        targets: [WebhookTarget], policy: Policy = Policy(), clock: WallClock, log: @escaping @Sendable (String) -> Void
    ) {
        self.configured = Self.numbered(targets)
        self.policy = policy
        self.clock = clock
        self.log = log
    }

    // MARK: - Targets

    /// The configured webhooks, then those added through the API.
    package var targets: [WebhookTarget] { mutex.withLock { configured + added } }

    /// Adds a webhook (the API's `settings/generic/add`); kept in memory until reset or stop.
    /// - Returns: the target with its new id, `webhook:<n>`.
    package func add(_ target: WebhookTarget) -> WebhookTarget {
        mutex.withLock {
            addedCount += 1
            var target = target
            target.id = "webhook:\(addedCount)"
            added.append(target)
            return target
        }
    }

    /// Removes the webhooks whose id or URL is `idOrURL`, configured or added, until reset.
    /// - Returns: how many were removed.
    package func remove(_ idOrURL: String) -> Int {
        mutex.withLock {
            let before = configured.count + added.count
            configured.removeAll { $0.id == idOrURL || $0.url == idOrURL }
            added.removeAll { $0.id == idOrURL || $0.url == idOrURL }
            return before - configured.count - added.count
        }
    }

    /// Forgets the webhooks added through the API (and restores removed configured ones) and the attempt history
    /// (`/_mock/reset`).
    package func reset(configured targets: [WebhookTarget]) {
        mutex.withLock {
            configured = Self.numbered(targets)
            added = []
            history = []
        }
    }

    private static func numbered(_ targets: [WebhookTarget]) -> [WebhookTarget] {
        targets.enumerated().map { offset, target in
            var target = target
            target.id = "config:\(offset + 1)"
            return target
        }
    }

    // MARK: - Queue

    /// Queues a body without waiting: when the queue is full the body is dropped, counted and logged (at most one
    /// line a second).
    /// - Returns: whether it was queued.
    @discardableResult
    package func enqueue(_ outbound: Outbound) -> Bool {
        let (queued, logDrops, start) = mutex.withLock { () -> (Bool, Int?, Bool) in
            guard !stopping else { return (false, nil, false) }
            guard queue.count - queueHead < policy.queueCapacity else { return (false, countDropped(1), false) }
            queue.append(outbound)
            wake.signal()
            return (true, nil, thread == nil)
        }
        if let logDrops { logOverflow(logDrops) }
        if start { startThread() }
        return queued
    }

    /// Drops `bodies` bodies at once when the queue is full, so a caller skips building bodies that could not be
    /// queued (the trigger's thread, docs/webhooks.md "What a slow receiver costs"); they are counted and logged as
    /// `enqueue` counts them.
    /// - Returns: whether the queue was full (and the bodies counted as dropped).
    package func dropIfFull(bodies: Int) -> Bool {
        let (full, logDrops) = mutex.withLock { () -> (Bool, Int?) in
            guard !stopping, queue.count - queueHead >= policy.queueCapacity else { return (false, nil) }
            return (true, countDropped(bodies))
        }
        if let logDrops { logOverflow(logDrops) }
        return full
    }

    /// Counts dropped bodies; returns the total when a line is due (the first drop, then at most one a second).
    /// Call with the mutex held.
    private func countDropped(_ bodies: Int) -> Int? {
        overflow += bodies
        let now = Clock.now
        if let last = overflowLoggedAt, now - last < 1 { return nil }
        overflowLoggedAt = now
        return overflow
    }

    private func logOverflow(_ dropped: Int) {
        log("webhook queue full (\(policy.queueCapacity) bodies waiting): \(dropped) bodies dropped since start")
    }

    /// How many bodies a full queue has dropped since start.
    package var overflowCount: Int { mutex.withLock { overflow } }

    /// Bodies waiting to be sent (not counting the one being sent).
    package var pendingCount: Int { mutex.withLock { queue.count - queueHead } }

    /// Every attempt kept, oldest first.
    package var attempts: [WebhookAttempt] { mutex.withLock { history } }

    /// Forgets the attempt history (`DELETE /_mock/webhooks`).
    package func clearAttempts() { mutex.withLock { history = [] } }

    /// Stops the thread: the attempt in flight ends by its timeout, bodies still queued are dropped and logged.
    package func stop() {
        let (running, left) = mutex.withLock { () -> (pthread_t?, Int) in
            stopping = true
            wake.broadcast()
            return (thread, queue.count - queueHead)
        }
        if let running { Threads.join(running) }
        if left > 0 { log("webhook sender stopped with \(left) bodies unsent") }
    }

    // MARK: - The thread

    private func startThread() {
        mutex.withLock {
            guard thread == nil, !stopping else { return }
            thread = Threads.start { [self] in run() }
            if thread == nil { log("could not start the webhook sender thread") }
        }
    }

    private func run() {
        while let outbound = next() {
            deliver(outbound)
        }
    }

    /// The next body, or nil once stopping.
    private func next() -> Outbound? {
        mutex.withLock {
            while !stopping, queueHead == queue.count { wake.wait(mutex) }
            guard !stopping else { return nil }
            let outbound = queue[queueHead]
            queueHead += 1
            // Compact once the consumed prefix is large, so the array stays bounded by the capacity.
            if queueHead >= 64, queueHead * 2 >= queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            return outbound
        }
    }

    private func deliver(_ outbound: Outbound) {
        let bytes = outbound.keyOrder.isEmpty
            ? JSONWriter.encode(outbound.body) : WebhookBody.encode(outbound.body, keyOrder: outbound.keyOrder)
        for attempt in 1...max(1, policy.attempts) {
            if attempt > 1 {
                let delay = policy.backoff.isEmpty ? 0 : policy.backoff[min(attempt - 2, policy.backoff.count - 1)]
                if !sleep(delay) { return }
            }
            let result = WebhookClient.post(
                url: outbound.target.url, headers: outbound.target.headers, body: bytes, timeout: policy.timeout)
            var record = WebhookAttempt(
                url: outbound.target.url, attempt: attempt, timeMicros: clock.nowMicros(), body: outbound.body)
            switch result {
            case .success(let status): record.status = status
            case .failure(let failure): record.error = failure.message
            }
            let succeeded = record.succeeded
            mutex.withLock {
                history.append(record)
                if history.count > policy.historyCapacity { history.removeFirst(history.count - policy.historyCapacity) }
            }
            if succeeded { return }
            let what = record.error ?? "status \(record.status ?? 0)"
            log("webhook attempt \(attempt) of \(policy.attempts) to \(WebhookURL.origin(of: outbound.target.url)) failed: \(what)")
        }
    }

    /// Waits `seconds` unless stopped first. - Returns: false when stopping.
    private func sleep(_ seconds: Double) -> Bool {
        let deadline = Clock.now + seconds
        return mutex.withLock {
            while !stopping, Clock.now < deadline { _ = wake.wait(mutex, until: deadline) }
            return !stopping
        }
    }
}
