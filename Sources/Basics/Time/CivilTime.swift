/// A UTC calendar time from seconds since 1970: the one calendar for every date the mock writes (the Console's
/// `created_printable`, journal and log times, X.509 validity, dump footers).
package struct CivilTime: Sendable, Equatable {
    /// The year, such as 2023.
    package let year: Int
    /// The month, 1–12.
    package let month: Int
    /// The day of the month, 1–31.
    package let day: Int
    /// The hour, 0–23.
    package let hour: Int
    /// The minute, 0–59.
    package let minute: Int
    /// The second, 0–59.
    package let second: Int

    /// The UTC time of `epochSeconds` (fractions dropped; times before 1970 are clamped to 1970).
    package init(epochSeconds: Double) {
        self.init(seconds: Int64(Swift.max(0, epochSeconds).rounded(.down)))
    }

    /// The UTC time of whole seconds since 1970, before 1970 too (what `gmtime_r` gives, without its `tm`).
    package init(seconds: Int64) {
        let whole = Int(seconds)
        // Floor division, so the second before 1970 is 23:59:59 of the day before.
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let rest = whole - days * 86_400
        // Howard Hinnant's days-to-civil algorithm (http://howardhinnant.github.io/date_algorithms.html).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        hour = rest / 3600
        minute = rest / 60 % 60
        second = rest % 60
    }

    /// `value` as decimal with at least `width` digits.
    package static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
    }

    /// `YYYY-MM-DD HH:MM:SS`, as mysqldump writes its footer.
    package var sqlText: String {
        "\(CivilTime.padded(year, 4))-\(CivilTime.padded(month, 2))-\(CivilTime.padded(day, 2)) "
            + "\(CivilTime.padded(hour, 2)):\(CivilTime.padded(minute, 2)):\(CivilTime.padded(second, 2))"
    }
}
