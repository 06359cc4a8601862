import Basics
import Testing

@Suite("WallClock")
struct WallClockTests {
    @Test("Reads the system clock: microseconds after 2020 that do not go back between reads")
    func system() {
        let clock = WallClock()
        let first = clock.nowMicros()
        #expect(first > 1_586_161_315_087_693)
        #expect(WallClock.systemMicros() >= first)
    }

    @Test("Set moves now and time keeps running from there; reset goes back to the system clock")
    func setAndReset() {
        let clock = WallClock()
        clock.set(toMicros: 1_000_000_000_000_000)
        let moved = clock.nowMicros()
        #expect(moved >= 1_000_000_000_000_000)
        #expect(moved < 1_000_000_060_000_000)
        #expect(clock.nowMicros() >= moved)
        #expect(WallClock.systemMicros() > 1_586_161_315_087_693)
        clock.reset()
        #expect(clock.nowMicros() > 1_586_161_315_087_693)
    }

    @Test("A fixed source reads exactly; advance moves within a range or not at all; isMoved until reset")
    func fixedSourceAndAdvance() {
        let clock = WallClock(source: { 1_000_000 })
        #expect(clock.nowMicros() == 1_000_000)
        #expect(clock.isMoved == false)
        #expect(clock.advance(byMicros: 500, within: 0...2_000_000) == 1_000_500)
        #expect(clock.nowMicros() == 1_000_500)
        #expect(clock.isMoved)
        #expect(clock.advance(byMicros: -1_000_501, within: 0...2_000_000) == nil)
        #expect(clock.advance(byMicros: 999_501, within: 0...2_000_000) == nil)
        #expect(clock.nowMicros() == 1_000_500)
        clock.set(toMicros: 1_000_000)
        #expect(clock.nowMicros() == 1_000_000)
        #expect(clock.isMoved)
        clock.reset()
        #expect(clock.isMoved == false)
        #expect(clock.nowMicros() == 1_000_000)
    }

    @Test("Never reads before the epoch, even when the source steps back below a clock set near 0")
    func neverBeforeEpoch() {
        let source = PThreadLock<Int64>(10_000_000)
        let clock = WallClock(source: { source.withLock { $0 } })
        clock.set(toMicros: 0)
        #expect(clock.nowMicros() == 0)
        source.withLock { $0 = 8_000_000 }
        #expect(clock.nowMicros() == 0)
    }
}
