import Basics
@testable import CanaryStore
import Testing

@Suite("Checkpointer")
struct CheckpointerTests {
    @Test("Checkpoints on its own thread and stops at once when asked, twice without harm")
    func stopsPromptly() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            let checkpointer = try Checkpointer(path: path)
            // Let a few intervals pass so the thread has checkpointed at least once.
            let until = Clock.now + 3 * Checkpointer.interval
            while Clock.now < until { _ = try store.flockExists("flock:none") }
            let started = Clock.now
            checkpointer.stop()
            checkpointer.stop()
            #expect(Clock.now - started < Checkpointer.interval)
        }
    }
}
