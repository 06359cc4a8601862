import Glibc

/// A counting gate for the work an uploaded document costs (unpacking, scanning, tokenizing): at most `limit` uploads
/// are processed at once; others wait up to `maxWait` seconds for a slot, then are refused with
/// `APIError.uploadsBusy` (503), so no client is ever held forever and memory stays at `limit` uploads' worth.
///
/// `@unchecked Sendable`: `active` is only read or written while `mutex` is held; the condition variable is used
/// with that mutex only.
package final class UploadGate: @unchecked Sendable {
    /// How many uploads are processed at once.
    package let limit: Int
    /// How long, in seconds, an upload waits for a slot before it is refused.
    package let maxWait: Double
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var active = 0

    /// Two at once: each holds one upload's unpacked main part (up to 64 MiB, `ZipReader.Limits.upload`), so two
    /// fit a 512 MiB container with room to spare. Ten seconds is several times what one upload takes.
    package static let defaultLimit = 2
    /// See `defaultLimit`.
    package static let defaultMaxWait = 10.0

    /// A gate with `limit` slots.
    package init(limit: Int = defaultLimit, maxWait: Double = defaultMaxWait) {
        self.limit = limit
        self.maxWait = maxWait
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        // The deadline is on the monotonic clock, so a wall-clock step cannot stretch or cut a wait.
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
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Uploads being processed now.
    package var inUse: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return active
    }

    /// Runs `body` holding a slot, waiting up to `maxWait` for one.
    /// - Throws: `APIError.uploadsBusy` when no slot came free in time, or what `body` throws.
    package func withSlot<T>(_ body: () throws(APIError) -> T) throws(APIError) -> T {
        guard acquire() else { throw .uploadsBusy }
        defer { release() }
        return try body()
    }

    private func acquire() -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let waitNanos = Int(maxWait * 1_000_000_000)
        let total = Int(now.tv_nsec) + waitNanos % 1_000_000_000
        var deadline = timespec(
            tv_sec: now.tv_sec + waitNanos / 1_000_000_000 + total / 1_000_000_000, tv_nsec: total % 1_000_000_000)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while active >= limit {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT, active >= limit { return false }
        }
        active += 1
        return true
    }

    private func release() {
        pthread_mutex_lock(mutex)
        active -= 1
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}
