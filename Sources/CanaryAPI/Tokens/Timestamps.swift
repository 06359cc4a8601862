import Glibc

/// Time as the Console prints it: `created` as seconds with six decimals, `created_printable` in UTC.
package enum Timestamps {
    /// Now, in microseconds since the Unix epoch (wall clock).
    package static func nowMicros() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec / 1000)
    }

    /// `"1586161315.087693"`: exactly six decimals, from integer microseconds so nothing is rounded.
    package static func created(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        let fraction = String(micros % 1_000_000)
        return "\(seconds)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `"2020-04-06 08:21:55 (UTC)"`, always UTC.
    package static func printable(_ micros: Int64) -> String {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) (UTC)"
    }

    /// `"2026-11-22T17:40:01.123456Z"`: ISO 8601 in UTC with microseconds (the mock's own journal times).
    package static func iso8601(_ micros: Int64) -> String {
        var seconds = time_t(micros / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(micros % 1_000_000)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }
}
