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

    /// Two digits, for every field but the year (printed as is).
    private static func two(_ value: Int) -> String { CivilTime.padded(value, 2) }
}
