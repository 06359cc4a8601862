import Foundation
import Basics
import Testing
import CanaryStore

@Suite("ConsoleStore concurrency")
struct CanaryStoreConcurrencyTests {
    @Test("8 threads inserting 400 tokens get every token stored with updated_ids 1…400")
    func concurrentInserts() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            let failures = PThreadLock<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                for index in 0..<50 {
                    let id = "t\(worker)-\(index)"
                    do {
                        let token = try store.insertToken(makeToken(id, attributes: ["worker": "\(worker)"]))
                        if try store.token(id) != token { failures.withLock { $0.append("\(id) reads back differently") } }
                    } catch {
                        failures.withLock { $0.append("\(id): \(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let tokens = try store.tokens(flockID: nil)
            #expect(tokens.count == 400)
            #expect(tokens.map(\.updatedID).sorted() == Array(1...400))
            #expect(Set(tokens.map(\.canarytoken)).count == 400)
            #expect(try store.currentUpdatedID() == 400)
            #expect(tokens.allSatisfy { $0.attributes["worker"] != nil })
        }
    }

    @Test("Duplicate ids inside concurrent (grouped) commits fail alone; every other insert lands once")
    func duplicatesInsideBatches() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            _ = try store.insertToken(makeToken("taken"))
            let outcomes = PThreadLock<[String: Int]>([:])
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                for index in 0..<40 {
                    // Every fourth insert reuses the taken id, interleaved with good ones from other threads.
                    let id = index % 4 == 0 ? "taken" : "w\(worker)-\(index)"
                    let outcome: String
                    do {
                        _ = try store.insertToken(makeToken(id))
                        outcome = "stored"
                    } catch StoreError.duplicateKey {
                        outcome = "duplicate"
                    } catch {
                        outcome = "other: \(error)"
                    }
                    outcomes.withLock { $0[outcome, default: 0] += 1 }
                }
            }
            #expect(outcomes.withLock { $0 } == ["stored": 240, "duplicate": 80])
            let tokens = try store.tokens(flockID: nil)
            #expect(tokens.count == 241)
            // A rolled-back duplicate consumes no counter value: 241 changes, numbered 1…241.
            #expect(tokens.map(\.updatedID).sorted() == Array(1...241))
        }
    }

    @Test("The checkpoint thread copies committed WAL pages into the database file")
    func checkpointsInBackground() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            let before = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            for index in 0..<300 {
                _ = try store.insertToken(makeToken("c\(index)", memo: String(repeating: "m", count: 500)))
            }
            // Auto-checkpoint is off on the writer: only the checkpoint thread can grow the main file.
            let deadline = Date().addingTimeInterval(3)
            var after = before
            while Date() < deadline, after <= before + 100_000 {
                Thread.sleep(forTimeInterval: 0.05)
                after = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            }
            #expect(after > before + 100_000, "main file \(before) -> \(after) bytes")
            #expect(try store.tokenCount() == 300)
        }
    }
}
