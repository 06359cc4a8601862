import Basics
import CanaryAPI
import Testing

@Suite("Timestamps: created and created_printable")
struct TimestampsTests {
    @Test(
        "Formats known epoch values as the Console does (values from Python's datetime)",
        arguments: [
            (0, "0.000000", "1970-01-01 00:00:00 (UTC)"),
            (1, "0.000001", "1970-01-01 00:00:00 (UTC)"),
            (999_999, "0.999999", "1970-01-01 00:00:00 (UTC)"),
            (1_000_000, "1.000000", "1970-01-01 00:00:01 (UTC)"),
            (86_399_999_999, "86399.999999", "1970-01-01 23:59:59 (UTC)"),
            (951_782_400_000_000, "951782400.000000", "2000-02-29 00:00:00 (UTC)"),
            (1_000_000_000_000_000, "1000000000.000000", "2001-09-09 01:46:40 (UTC)"),
            (1_000_000_000_000_001, "1000000000.000001", "2001-09-09 01:46:40 (UTC)"),
            (1_234_567_890_123_456, "1234567890.123456", "2009-02-13 23:31:30 (UTC)"),
            (1_586_161_315_087_693, "1586161315.087693", "2020-04-06 08:21:55 (UTC)"),
            (1_709_164_800_000_000, "1709164800.000000", "2024-02-29 00:00:00 (UTC)"),
            (4_102_444_799_999_999, "4102444799.999999", "2099-12-31 23:59:59 (UTC)"),
        ] as [(Int64, String, String)])
    func known(micros: Int64, created: String, printable: String) {
        #expect(Timestamps.created(micros) == created)
        #expect(Timestamps.printable(micros) == printable)
        #expect(Formats.isCreated(Timestamps.created(micros)))
        #expect(Formats.isCreatedPrintable(Timestamps.printable(micros)))
    }

    @Test("The wall clock gives microseconds after 2020 that format with six decimals")
    func now() {
        let micros = WallClock.system.nowMicros()
        #expect(micros > 1_586_161_315_087_693)
        #expect(Formats.isCreated(Timestamps.created(micros)))
        #expect(Formats.isCreatedPrintable(Timestamps.printable(micros)))
        #expect(WallClock.system.nowMicros() >= micros)
    }
}
