import Glibc

/// The wall clock in microseconds since the Unix epoch: the one source of "now" for the times the mock stores and
/// prints. It reads its source (the system clock unless a test fixes one) unless moved: `set(toMicros:)` and
/// `advance(byMicros:within:)` move it (time keeps running from there) and `reset()` moves it back. Deadlines and
/// durations use the monotonic `Clock` instead, which never jumps.
///
/// Each Console context owns one, which `/_mock/clock` moves (README, "The mock's own endpoints").
package final class WallClock: Sendable {
    /// A clock of the process's own, for what runs outside a Console context (the first seeding at start).
    package static let system = WallClock()

    /// Where unmoved time comes from.
    private let source: @Sendable () -> Int64
    /// Microseconds added to the source; `nil` until moved, so a clock moved to exactly its source still reads as
    /// moved.
    private let offset = PThreadLock<Int64?>(nil)

    /// A clock that reads `source` (by default the system clock) until moved; a test passes a constant to fix it.
    package init(source: @escaping @Sendable () -> Int64 = WallClock.systemMicros) {
        self.source = source
    }

    /// Now, in microseconds since the Unix epoch; never before the epoch (a clock set near 0 while the system
    /// clock steps back would otherwise read negative, which no stamp the mock writes can show).
    package func nowMicros() -> Int64 {
        max(0, source() + (offset.withLock { $0 } ?? 0))
    }

    /// Whether `set` or `advance` moved the clock since it was made or last `reset()`.
    package var isMoved: Bool {
        offset.withLock { $0 != nil }
    }

    /// Makes now `micros`; the clock keeps running from there.
    package func set(toMicros micros: Int64) {
        offset.withLock { $0 = micros - source() }
    }

    /// Moves now by `delta` microseconds (back when negative) when the result stays within `range`; the check and
    /// the move are one step, so concurrent moves cannot together leave the range.
    /// - Returns: the new now, or `nil` (and the clock unchanged) when it would leave `range`.
    package func advance(byMicros delta: Int64, within range: ClosedRange<Int64>) -> Int64? {
        offset.withLock { offset in
            let current = offset ?? 0
            let moved = source() + current + delta
            guard range.contains(moved) else { return nil }
            offset = current + delta
            return moved
        }
    }

    /// Goes back to the source.
    package func reset() {
        offset.withLock { $0 = nil }
    }

    /// The system's wall clock, `CLOCK_REALTIME`, in microseconds since the Unix epoch.
    package static func systemMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec / 1000)
    }
}
