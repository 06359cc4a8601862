import Glibc

/// A bare pthread mutex, for state that a `PThreadCondition` waits on (`PThreadLock` guards a value with one).
/// Pthread-based for the reasons `PThreadLock` gives: uncontended and contended hand-offs stay cheap, and
/// ThreadSanitizer intercepts it.
///
/// `@unchecked Sendable`: the pthread mutex is made for use from many threads; its storage never moves.
package final class PThreadMutex: @unchecked Sendable {
    /// The pthread mutex itself, for `PThreadCondition`.
    let pointer: UnsafeMutablePointer<pthread_mutex_t>

    /// A new, unlocked mutex.
    package init() {
        pointer = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        pthread_mutex_init(pointer, nil)
    }

    deinit {
        pthread_mutex_destroy(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }

    /// Blocks until this thread holds the mutex.
    package func lock() { pthread_mutex_lock(pointer) }

    /// Releases the mutex, which this thread holds.
    package func unlock() { pthread_mutex_unlock(pointer) }

    /// Runs `body` while holding the mutex.
    package func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
