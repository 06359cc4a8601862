import Glibc

/// A pthread condition variable, waited on with a `PThreadMutex` held. Deadlines are on the monotonic clock
/// (`Clock.now`), so a step of the wall clock can neither stretch nor cut a wait
/// (https://man7.org/linux/man-pages/man3/pthread_condattr_setclock.3p.html).
///
/// `@unchecked Sendable`: the pthread condition is made for use from many threads; its storage never moves.
package final class PThreadCondition: @unchecked Sendable {
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A new condition with no waiters.
    package init() {
        condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
    }

    /// Releases `mutex` (held by this thread), sleeps until signalled, and holds `mutex` again. Wake-ups can be
    /// spurious: callers re-check their predicate in a loop.
    package func wait(_ mutex: PThreadMutex) {
        pthread_cond_wait(condition, mutex.pointer)
    }

    /// Like `wait(_:)`, but gives up at `deadline` (seconds on `Clock.now`).
    /// - Returns: `false` when the deadline passed, `true` on a (possibly spurious) wake-up.
    package func wait(_ mutex: PThreadMutex, until deadline: Double) -> Bool {
        // Far-off deadlines are capped (about 31 years) so the conversion cannot overflow.
        let capped = Swift.max(0, Swift.min(deadline, 1e9))
        let whole = capped.rounded(.down)
        var spec = timespec(tv_sec: Int(whole), tv_nsec: Swift.min(999_999_999, Int((capped - whole) * 1_000_000_000)))
        return pthread_cond_timedwait(condition, mutex.pointer, &spec) != ETIMEDOUT
    }

    /// Wakes one waiter.
    package func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiter.
    package func broadcast() { pthread_cond_broadcast(condition) }
}
