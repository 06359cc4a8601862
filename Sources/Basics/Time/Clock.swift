import Glibc

/// Monotonic time in seconds, for deadlines (never the wall clock, which can jump).
package enum Clock {
    /// Seconds on the monotonic clock.
    package static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}
