import Testing
import CanaryStore

@Suite("ConsoleStore listing")
struct CanaryStoreListingTests {
    @Test("tokenCountsByFlock counts enabled and disabled tokens per flock, following updates and deletes")
    func counts() throws {
        let store = try ConsoleStore(path: ":memory:")
        #expect(try store.tokenCountsByFlock().isEmpty)
        try store.createFlock(FlockRecord(flockID: "flock:other", name: "Other", createdMicros: 1))
        _ = try store.insertToken(makeToken("aaaaaaaaaaaaaaaaaaaaaaaaa"))
        _ = try store.insertToken(makeToken("bbbbbbbbbbbbbbbbbbbbbbbbb"))
        _ = try store.insertToken(makeToken("ccccccccccccccccccccccccc", flockID: "flock:other"))
        _ = try store.updateToken("bbbbbbbbbbbbbbbbbbbbbbbbb", memo: nil, enabled: false)
        #expect(try store.tokenCountsByFlock() == [
            ConsoleStore.defaultFlockID: FlockTokenCounts(enabled: 1, disabled: 1),
            "flock:other": FlockTokenCounts(enabled: 1, disabled: 0),
        ])
        #expect(try store.tokenCountsByFlock()[ConsoleStore.defaultFlockID]?.total == 2)
        try store.deleteToken("ccccccccccccccccccccccccc")
        #expect(try store.tokenCountsByFlock()["flock:other"] == nil)
    }
}
