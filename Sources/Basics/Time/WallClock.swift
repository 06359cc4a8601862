import Glibc

/// The wall clock in microseconds since the Unix epoch: the one source of "now" for the times the mock stores and
/// prints. It reads the system clock unless moved: `set(toMicros:)` moves it (time keeps running from there) and
/// `reset()` moves it back. Deadlines and durations use the monotonic `Clock` instead, which never jumps.
///
/// The Console context takes its `now` from `WallClock.system` unless a test injects a fixed one.
package final class WallClock: Sendable {
    /// The process's clock.
    package static let system = WallClock()

    /// Microseconds added to the system clock; 0 until `set(toMicros:)`.
    private let offset = PThreadLock<Int64>(0)

    /// A clock that reads the system clock until moved.
    package init() {}

    /// Now, in microseconds since the Unix epoch.
    package func nowMicros() -> Int64 {
        Self.systemMicros() + offset.withLock { $0 }
    }

    /// Makes now `micros`; the clock keeps running from there.
    package func set(toMicros micros: Int64) {
        let system = Self.systemMicros()
        offset.withLock { $0 = micros - system }
    }

    /// Goes back to the system clock.
    package func reset() {
        offset.withLock { $0 = 0 }
    }

    /// The system's wall clock, `CLOCK_REALTIME`, in microseconds since the Unix epoch.
    package static func systemMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec / 1000)
    }
}
