import CanaryStore
import Foundation
import Basics
import Testing

@Suite("ConsoleStore's token cache follows the database")
struct TokenCacheTests {
    @Test("A cached token reflects updates, deletion and reset")
    func followsWrites() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            let inserted = try store.insertToken(makeToken("cached-1"))
            #expect(try store.token("cached-1") == inserted)
            let updated = try #require(try store.updateToken("cached-1", memo: "new memo", enabled: false))
            #expect(try store.token("cached-1") == updated)
            #expect(try store.token("cached-1")?.memo == "new memo")
            #expect(try store.token("cached-1")?.enabled == false)
            #expect(try store.deleteToken("cached-1"))
            #expect(try store.token("cached-1") == nil)
            _ = try store.insertToken(makeToken("cached-2"))
            #expect(try store.token("cached-2") != nil)
            try store.reset()
            #expect(try store.token("cached-2") == nil)
        }
    }

    @Test("Concurrent updates and reads end with the cache equal to the database")
    func concurrentUpdatesAndReads() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            for index in 0..<20 { _ = try store.insertToken(makeToken("race-\(index)")) }
            let failures = PThreadLock<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                for round in 0..<100 {
                    let id = "race-\((worker * 7 + round) % 20)"
                    do {
                        if worker % 2 == 0 {
                            _ = try store.updateToken(id, memo: "w\(worker)-r\(round)", enabled: round % 3 == 0)
                        } else {
                            _ = try store.token(id)
                        }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 } == [])
            // tokens(flockID:) always reads SQLite; every cached answer must match it.
            for truth in try store.tokens(flockID: nil) {
                #expect(try store.token(truth.canarytoken) == truth)
            }
        }
    }
}
