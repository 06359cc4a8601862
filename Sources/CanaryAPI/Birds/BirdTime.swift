import Basics

/// The time formats of bird records (docs/birds.md "Times"): the JavaScript `Date` string of `first_seen` and
/// `last_seen`, the `*_age` words, and the bird's `local_time`.
package enum BirdTime {
    /// The units of an age, largest first, in seconds.
    private static let units: [(seconds: Int64, name: String)] = [
        (604_800, "week"), (86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second"),
    ]

    /// `"1 week"`, `"2 minutes"`, `"0 seconds"`: the largest unit the span fills at least once, rounded down, singular
    /// for 1 (no months or years: `22853773` seconds is `"37 weeks"` on the Console).
    package static func age(seconds: Int64) -> String {
        let span = max(0, seconds)
        for unit in units where span >= unit.seconds {
            let count = span / unit.seconds
            return "\(count) \(unit.name)" + (count == 1 ? "" : "s")
        }
        return "0 seconds"
    }

    /// `"Tue Apr 14 2020 22:11:18 GMT+0000 (UTC)"`: what JavaScript's `Date.toString()` prints in UTC, the form of
    /// `first_seen` and `last_seen` in list items and `*_printable` in raw records.
    package static func javaScriptDate(_ micros: Int64) -> String {
        let (time, weekday, month) = Timestamps.named(micros)
        return "\(weekday) \(month) \(two(time.day)) \(time.year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT+0000 (UTC)"
    }

    /// `"2020-04-26 20:33:55"`: the bird's own clock, no zone (the mock's birds keep the console's time in UTC).
    package static func localTime(_ micros: Int64) -> String {
        let time = CivilTime(seconds: Timestamps.floorSeconds(micros))
        return "\(time.year)-\(two(time.month))-\(two(time.day)) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second))"
    }

    /// Two digits.
    private static func two(_ value: Int) -> String { CivilTime.padded(value, 2) }
}
