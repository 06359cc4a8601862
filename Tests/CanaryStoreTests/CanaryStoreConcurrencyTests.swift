import Foundation
import Synchronization
import Testing
import CanaryStore

@Suite("ConsoleStore concurrency")
struct CanaryStoreConcurrencyTests {
    @Test("8 threads inserting 400 tokens get every token stored with updated_ids 1…400")
    func concurrentInserts() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            let failures = Mutex<[String]>([])
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
}
