import Basics
import Glibc
import Testing

@Suite("PThreadLock")
struct PThreadLockTests {
    @Test("Serializes increments from several threads")
    func increments() {
        let counter = PThreadLock(0)
        let threads = (0..<4).compactMap { _ in
            Threads.start {
                for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
            }
        }
        #expect(threads.count == 4)
        for thread in threads { Threads.join(thread) }
        #expect(counter.withLock { $0 } == 40_000)
    }

    @Test("Passes the body's error through and stays usable")
    func passesErrors() {
        struct Failure: Error {}
        let lock = PThreadLock("a")
        #expect(throws: Failure.self) { try lock.withLock { _ throws(Failure) in throw Failure() } }
        #expect(lock.withLock { $0 } == "a")
    }
}
