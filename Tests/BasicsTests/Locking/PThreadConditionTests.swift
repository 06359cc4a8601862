import Basics
import Testing

@Suite("PThreadCondition")
struct PThreadConditionTests {
    /// State shared with the waiting thread; `ready` is only touched with `mutex` held.
    final class Shared: @unchecked Sendable {
        let mutex = PThreadMutex()
        let condition = PThreadCondition()
        var ready = false
    }

    @Test("A waiter wakes when signalled and sees the change made under the mutex")
    func signal() {
        let shared = Shared()
        let woke = PThreadLock(false)
        guard let thread = Threads.start({
            shared.mutex.withLock {
                while !shared.ready { shared.condition.wait(shared.mutex) }
            }
            woke.withLock { $0 = true }
        }) else {
            Issue.record("thread did not start")
            return
        }
        shared.mutex.withLock {
            shared.ready = true
            shared.condition.broadcast()
        }
        Threads.join(thread)
        #expect(woke.withLock { $0 })
    }

    @Test("A timed wait gives up at its deadline on the monotonic clock")
    func timeout() {
        let shared = Shared()
        let started = Clock.now
        let deadline = started + 0.05
        var timedOut = false
        shared.mutex.withLock {
            while !shared.ready, !timedOut {
                timedOut = !shared.condition.wait(shared.mutex, until: deadline)
            }
        }
        #expect(timedOut)
        #expect(Clock.now >= deadline)
        #expect(Clock.now - started < 5)
    }

    @Test("A deadline already past, however far, returns at once")
    func extremeDeadlines() {
        let shared = Shared()
        shared.mutex.withLock {
            #expect(!shared.condition.wait(shared.mutex, until: 0))
            #expect(!shared.condition.wait(shared.mutex, until: -.infinity))
        }
    }
}
