import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Without `limit`, one answer lists at most `IncidentParameters.maxLimit` incidents, with a cursor to the rest.
@Suite("Incident feeds: the bound of an answer without limit")
struct IncidentFeedBoundTests {
    @Test("10,001 incidents: an answer without limit lists 10,000 and a cursor whose next page lists the last one")
    func boundedWithoutLimit() throws {
        let console = try TestConsole()
        let total = IncidentParameters.maxLimit + 1
        try console.store.transaction { transaction in
            for number in 1...total {
                try transaction.insertIncident(IncidentRecord(
                    key: "incident:canarytoken:000000000000000000000000:10.0.0.1:\(number)",
                    hashID: String(repeating: "0", count: 32 - String(number, radix: 16).count) + String(number, radix: 16),
                    nodeID: "aaaaaaaaaaaaaaaaaaaaaaaaa", kind: "http", logtype: "17000", flockID: "flock:default",
                    srcHost: "10.0.0.1", srcPort: 0, description: "Canarytoken triggered",
                    createdMicros: Int64(number) * 1_000_000, lastEventMicros: Int64(number) * 1_000_000,
                    updatedMicros: Int64(number) * 1_000_000, acknowledged: false, updatedID: number, events: []))
            }
        }
        for path in ["/api/v1/incidents/all"] {
            let first = try console.call(.get, path, [], via: .query)
            #expect(first.status == 200)
            let incidents = try #require(first.json["incidents"]?.arrayValue)
            #expect(incidents.count == IncidentParameters.maxLimit, "\(path)")
            let next = try #require(first.json["cursor"]?["next"]?.stringValue, "\(path)")
            let rest = try console.call(.get, path, [("cursor", next)], via: .query)
            #expect(rest.json["incidents"]?.arrayValue?.count == 1, "\(path)")
            #expect(rest.json["cursor"]?["next"] == .null, "\(path)")
        }
        // Under the bound, an answer without limit has no cursor member, as before.
        let few = try console.call(.get, "/api/v1/incidents/all", [("incidents_since", "10000")], via: .query)
        #expect(few.json["incidents"]?.arrayValue?.count == 1)
        #expect(few.json["cursor"] == nil)
        #expect(few.json["max_updated_id"] == .int(total))
    }
}
