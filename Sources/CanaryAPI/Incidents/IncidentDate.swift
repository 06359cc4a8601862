import Basics

/// The `yyyy-mm-dd-hh:mm:ss` dates of the feeds' `newer_than` and `older_than` (docs/incident-endpoints.md), in UTC.
package enum IncidentDate {
    /// Seconds since the Unix epoch of `text`, or nil when it is not a real date in that exact form, or is before
    /// 1970 (no incident is older, and a cursor writes an absent date as -1).
    package static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        // yyyy-mm-dd-hh:mm:ss
        guard bytes.count == 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
              year >= 1970
        else { return nil }
        let seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        // The one calendar (CivilTime) must print the same date back: this refuses 2024-02-30 and the like.
        let check = CivilTime(seconds: seconds)
        guard check.year == year, check.month == month, check.day == day else { return nil }
        return seconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's days-from-civil algorithm
    /// (http://howardhinnant.github.io/date_algorithms.html), the inverse of the one `CivilTime` uses.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
