import Basics
import Glibc
import Testing

@Suite("Clock")
struct ClockTests {
    @Test("Monotonic seconds never go back and follow a sleep")
    func monotonic() {
        let first = Clock.now
        usleep(20_000)
        let second = Clock.now
        #expect(second - first >= 0.019)
        #expect(Clock.now >= second)
    }
}
