import CanaryAPI
import CanaryStore
import Basics
import Testing

@Suite("ConsoleContext: read, write and retryingNewID")
struct ConsoleContextStoreTests {
    /// A context over an in-memory store whose log lines are kept.
    private static func context() throws -> (ConsoleContext, PThreadLock<[String]>) {
        let configuration = try TestConsole().configuration
        let lines = PThreadLock<[String]>([])
        let context = ConsoleContext(
            store: try ConsoleStore(path: ":memory:"), configuration: configuration,
            log: { line in lines.withLock { $0.append(line) } })
        return (context, lines)
    }

    @Test("read answers an internal error and logs what failed")
    func readFailure() throws {
        let (context, lines) = try Self.context()
        #expect(throws: APIError.internalError) {
            try context.read("tokens") { _ -> Int in throw StoreError.notFound }
        }
        #expect(lines.withLock { $0 } == ["store read failed (tokens): not found"])
    }

    @Test("write answers Could not save Canarydrop and logs the failure text with the error")
    func writeFailure() throws {
        let (context, lines) = try Self.context()
        #expect(try context.write("could not delete token") { store in try store.deleteToken("none") } == false)
        #expect(throws: APIError.couldNotSave) {
            try context.write("could not delete token") { _ in throw StoreError.databaseFileGone }
        }
        #expect(lines.withLock { $0 } == ["could not delete token: \(StoreError.databaseFileGone)"])
    }

    @Test("retryingNewID retries a taken id with a new one, and gives up after the attempts without logging")
    func retryOnDuplicate() throws {
        let (context, lines) = try Self.context()
        var ids = ["a", "b", "c"].makeIterator()
        var tried: [String] = []
        let taken = try context.retryingNewID({ ids.next() ?? "z" }, failure: "could not save") { id -> String in
            tried.append(id)
            if id != "c" { throw StoreError.duplicateKey }
            return id
        }
        #expect(taken == "c")
        #expect(tried == ["a", "b", "c"])
        var attempts = 0
        #expect(throws: APIError.couldNotSave) {
            try context.retryingNewID({ "x" }, failure: "could not save") { _ -> Int in
                attempts += 1
                throw StoreError.duplicateKey
            }
        }
        #expect(attempts == 4)
        #expect(lines.withLock { $0 }.isEmpty)
    }

    @Test("retryingNewID passes an APIError through and logs any other failure")
    func retryOtherFailures() throws {
        let (context, lines) = try Self.context()
        #expect(throws: APIError.couldNotProcessParameters) {
            try context.retryingNewID({ "x" }, failure: "could not save flock") { _ -> Int in
                throw APIError.couldNotProcessParameters
            }
        }
        #expect(throws: APIError.couldNotSave) {
            try context.retryingNewID({ "x" }, failure: "could not save flock") { _ -> Int in
                throw StoreError.notFound
            }
        }
        #expect(lines.withLock { $0 } == ["could not save flock: not found"])
    }
}
