import Basics

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
    private let mutex = PThreadMutex()
    // Waits against `Clock.now`, so a wall-clock step cannot stretch or cut a wait.
    private let condition = PThreadCondition()
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
    }

    /// Uploads being processed now.
    package var inUse: Int {
        mutex.withLock { active }
    }

    /// Runs `body` holding a slot, waiting up to `maxWait` for one.
    /// - Throws: `APIError.uploadsBusy` when no slot came free in time, or what `body` throws.
    package func withSlot<T>(_ body: () throws(APIError) -> T) throws(APIError) -> T {
        guard acquire() else { throw .uploadsBusy }
        defer { release() }
        return try body()
    }

    private func acquire() -> Bool {
        let deadline = Clock.now + maxWait
        mutex.lock()
        defer { mutex.unlock() }
        while active >= limit {
            if !condition.wait(mutex, until: deadline), active >= limit { return false }
        }
        active += 1
        return true
    }

    private func release() {
        mutex.lock()
        active -= 1
        condition.signal()
        mutex.unlock()
    }
}
