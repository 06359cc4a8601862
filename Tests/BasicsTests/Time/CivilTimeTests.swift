import Basics
import Glibc
import Testing

@Suite("CivilTime")
struct CivilTimeTests {
    @Test("Civil time of known instants", arguments: [
        (0.0, "1970-01-01 00:00:00"), (951_782_400.0, "2000-02-29 00:00:00"),
        (1_688_122_821.9, "2023-06-30 11:00:21"), (4_102_444_799.0, "2099-12-31 23:59:59"),
    ])
    func civilTime(seconds: Double, text: String) {
        #expect(CivilTime(epochSeconds: seconds).sqlText == text)
    }

    @Test("Seconds before 1970 are clamped for the Double form")
    func clamped() {
        #expect(CivilTime(epochSeconds: -1) == CivilTime(seconds: 0))
    }

    @Test("Agrees with gmtime_r from 1900 to 2200, before 1970 too")
    func matchesGmtime() {
        var seconds: Int64 = -2_208_988_800
        while seconds < 7_258_118_400 {
            for instant in [seconds, seconds + 86_399, seconds - 1] {
                var raw = time_t(instant)
                var parts = tm()
                gmtime_r(&raw, &parts)
                let time = CivilTime(seconds: instant)
                let expected = [parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min,
                                parts.tm_sec].map(Int.init)
                #expect([time.year, time.month, time.day, time.hour, time.minute, time.second] == expected)
            }
            seconds += 86_400 * 13 + 3_607
        }
    }
}
