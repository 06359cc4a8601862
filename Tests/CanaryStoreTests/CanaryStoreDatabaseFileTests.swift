import CanaryStore
import Foundation
import Testing

@Suite("ConsoleStore: the database file's lock and identity, and multi-step transactions")
struct CanaryStoreDatabaseFileTests {
    static func token(_ id: String, flock: String = ConsoleStore.defaultFlockID) -> NewToken {
        NewToken(canarytoken: id, kind: "dns", memo: "m", flockID: flock, createdMicros: 1, url: "http://x/\(id)",
                 hostname: "\(id).x")
    }

    @Test("An exclusive store refuses a second exclusive open of the same file with databaseInUse; closing frees it")
    func exclusiveLock() throws {
        try withTemporaryDatabase { path in
            do {
                let first = try ConsoleStore(path: path, exclusive: true)
                #expect(throws: StoreError.databaseInUse) { try ConsoleStore(path: path, exclusive: true) }
                // The refused open changed nothing and did not disturb the first store.
                _ = try first.insertToken(Self.token("a"))
                #expect(try first.tokenCount() == 1)
            }
            let again = try ConsoleStore(path: path, exclusive: true)
            #expect(try again.tokenCount() == 1)
        }
    }

    @Test("fileState is present, then missing after the file is deleted; commits are then refused")
    func deleted() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            #expect(store.fileState() == .present)
            _ = try store.insertToken(Self.token("a"))
            try FileManager.default.removeItem(atPath: path)
            #expect(store.fileState() == .missing)
            #expect(throws: StoreError.databaseFileGone) { try store.insertToken(Self.token("b")) }
            #expect(throws: StoreError.databaseFileGone) { try store.createFlock(FlockRecord(
                flockID: "flock:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", name: "n", createdMicros: 1)) }
            // Reads still answer from the open file.
            #expect(try store.tokenCount() == 1)
        }
    }

    @Test("fileState is replaced when another file takes the path")
    func replaced() throws {
        try withTemporaryDatabase { path in
            let store = try ConsoleStore(path: path)
            try FileManager.default.removeItem(atPath: path)
            #expect(FileManager.default.createFile(atPath: path, contents: Data("other".utf8)))
            #expect(store.fileState() == .replaced)
            #expect(throws: StoreError.databaseFileGone) { try store.insertToken(Self.token("b")) }
        }
    }

    @Test("An in-memory store is always present")
    func memory() throws {
        #expect(try ConsoleStore(path: ":memory:").fileState() == .present)
    }

    struct Refused: Error, Equatable {}

    @Test("transaction commits everything, or on a thrown error nothing, and rethrows that error")
    func transaction() throws {
        let store = try ConsoleStore(path: ":memory:")
        _ = try store.insertToken(Self.token("kept"))
        let counter = try store.currentUpdatedID()
        #expect(throws: Refused()) {
            try store.transaction { transaction in
                try transaction.reset(keepFlocks: false)
                try transaction.insertToken(Self.token("new1"))
                throw Refused()
            }
        }
        #expect(try store.token("kept") != nil)
        #expect(try store.token("new1") == nil)
        #expect(try store.currentUpdatedID() == counter)

        try store.transaction { transaction in
            try transaction.reset(keepFlocks: false)
            #expect(try !transaction.tokenExists("kept"))
            try transaction.insertToken(Self.token("new1"))
            try transaction.insertToken(Self.token("new2"), enabled: false)
        }
        #expect(try store.tokens(flockID: nil).map(\.canarytoken) == ["new1", "new2"])
        #expect(try store.token("new2")?.enabled == false)
        #expect(try store.token("new2")?.updatedID == 3)
        #expect(try store.currentUpdatedID() == 3)
    }
}
