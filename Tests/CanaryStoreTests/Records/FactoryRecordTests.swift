import Testing
import CanaryStore

@Suite("FactoryRecord")
struct FactoryRecordTests {
    @Test("isDeleted follows deletedMicros")
    func isDeleted() {
        var record = FactoryRecord(factoryAuth: "a", memo: "m", flockID: "flock:default", createdMicros: 1)
        #expect(record.isDeleted == false)
        record.deletedMicros = 2
        #expect(record.isDeleted)
    }
}
