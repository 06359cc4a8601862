import Testing
import CanaryStore

@Suite("ConsoleStore flocks")
struct CanaryStoreFlocksTests {
    @Test("A flock round-trips every field, unicode name included")
    func roundTrip() throws {
        let store = try ConsoleStore(path: ":memory:")
        let flock = FlockRecord(flockID: "flock:0123456789abcdef0123456789abcdef", name: "Sérveurs 🐤 中文", createdMicros: 1_586_161_315_087_693)
        try store.createFlock(flock)
        #expect(try store.flock(flock.flockID) == flock)
        #expect(try store.flockExists(flock.flockID))
        #expect(try store.flockExists("flock:nope") == false)
        #expect(try store.flock("flock:nope") == nil)
    }

    @Test("createFlock with a taken id fails with duplicateKey and keeps the original")
    func duplicate() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(throws: StoreError.duplicateKey) {
            try store.createFlock(FlockRecord(flockID: ConsoleStore.defaultFlockID, name: "Renamed", createdMicros: 1))
        }
        #expect(try store.flock(ConsoleStore.defaultFlockID)?.name == ConsoleStore.defaultFlockName)
    }

    @Test("ensureFlock inserts once and never renames")
    func ensure() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(try store.ensureFlock(id: "flock:a", name: "First", createdMicros: 10))
        #expect(try store.ensureFlock(id: "flock:a", name: "Second", createdMicros: 20) == false)
        #expect(try store.ensureFlock(id: ConsoleStore.defaultFlockID, name: "Renamed", createdMicros: 1) == false)
        #expect(try store.flock("flock:a") == FlockRecord(flockID: "flock:a", name: "First", createdMicros: 10))
        #expect(try store.flock(ConsoleStore.defaultFlockID)?.name == ConsoleStore.defaultFlockName)
    }

    @Test("flocks() orders by creation time, then id")
    func ordering() throws {
        let store = try ConsoleStore(path: ":memory:")
        try store.createFlock(FlockRecord(flockID: "flock:c", name: "c", createdMicros: 1))
        try store.createFlock(FlockRecord(flockID: "flock:b", name: "b", createdMicros: 2))
        try store.createFlock(FlockRecord(flockID: "flock:a", name: "a", createdMicros: 2))
        let ids = try store.flocks().map(\.flockID)
        // The Default Flock was created "now", after these hand-made times.
        #expect(ids == ["flock:c", "flock:a", "flock:b", ConsoleStore.defaultFlockID])
    }
}
