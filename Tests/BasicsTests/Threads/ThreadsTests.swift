import Basics
import Testing

@Suite("Threads")
struct ThreadsTests {
    @Test("Runs the body on a joinable thread, with the default or the system's stack")
    func startAndJoin() {
        let ran = PThreadLock(0)
        for size in [Threads.stackSize, nil] {
            guard let thread = Threads.start(stackSize: size, { ran.withLock { $0 += 1 } }) else {
                Issue.record("thread did not start")
                return
            }
            Threads.join(thread)
        }
        #expect(ran.withLock { $0 } == 2)
    }
}
