import Basics

/// Time as the Console prints it: `created` as seconds with six decimals, `created_printable` in UTC. Now comes
/// from `WallClock`, the calendar from `CivilTime`.
package enum Timestamps {
    /// `"1586161315.087693"`: exactly six decimals, from integer microseconds so nothing is rounded.
    package static func created(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        let fraction = String(micros % 1_000_000)
        return "\(seconds)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `"2020-04-06 08:21:55 (UTC)"`, always UTC.
    package static func printable(_ micros: Int64) -> String {
        let time = CivilTime(seconds: micros / 1_000_000)
        return "\(time.year)-\(two(time.month))-\(two(time.day)) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) (UTC)"
    }

    /// `"2026-11-22T17:40:01.123456Z"`: ISO 8601 in UTC with microseconds (the mock's own journal times).
    package static func iso8601(_ micros: Int64) -> String {
        let time = CivilTime(seconds: micros / 1_000_000)
        let fraction = String(micros % 1_000_000)
        return "\(time.year)-\(two(time.month))-\(two(time.day))T"
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }

    /// `"2024-07-11 07:50:12 UTC+0000"`: the incidents' `*_std` form, in UTC.
    package static func standard(_ micros: Int64) -> String {
        let time = CivilTime(seconds: floorSeconds(micros))
        return "\(time.year)-\(two(time.month))-\(two(time.day)) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) UTC+0000"
    }

    /// `"Thu, 11 Jul 2024 07:50:12 GMT"`: RFC 9110 §5.6.7 (IMF-fixdate), the incidents' `updated` form.
    package static func httpDate(_ micros: Int64) -> String {
        let (time, weekday, month) = named(micros)
        return "\(weekday), \(two(time.day)) \(month) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT"
    }

    /// The UTC civil time of a microsecond time with its English weekday and month abbreviations (`Thu`, `Jul`), the
    /// words of `httpDate` and of the birds' JavaScript-style dates.
    package static func named(_ micros: Int64) -> (time: CivilTime, weekday: String, month: String) {
        let seconds = floorSeconds(micros)
        let time = CivilTime(seconds: seconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        // 1970-01-01 was a Thursday.
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][time.month - 1]
        return (time, weekday, month)
    }

    /// Whole seconds of a microsecond time, rounded down.
    package static func floorSeconds(_ micros: Int64) -> Int64 {
        micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
    }

    /// Two digits, for every field but the year (printed as is).
    private static func two(_ value: Int) -> String { CivilTime.padded(value, 2) }
}
