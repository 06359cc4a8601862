import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Flocks: flocks/list, flock/create, flocks/summary")
struct FlockHandlerTests {
    @Test("flocks/list maps id to name; flock/create adds one with a fresh id")
    func listAndCreate() throws {
        let console = try TestConsole()
        let list = try console.call(.get, ConsolePaths.flocks, [], via: .query)
        #expect(list.keys == ["flocks", "result"])
        #expect(list.json["flocks"] == ["flock:default": "Default Flock", TestConsole.otherFlock: "Other Flock"])
        let created = try console.call(.post, ConsolePaths.createFlock, [("name", "Cape Town")])
        #expect(created.status == 200)
        #expect(created.keys == ["flock_id", "result"])
        let id = try #require(created.json["flock_id"]?.stringValue)
        #expect(Formats.matches(id, "flock:[0-9a-f]{32}"))
        #expect(try console.store.flock(id)?.name == "Cape Town")
        #expect(try console.call(.get, ConsolePaths.flocks, [], via: .query).json["flocks"]?[id] == "Cape Town")
        // The new flock takes tokens at once.
        _ = try console.createToken(kind: "dns", [("flock_id", id)])
        let long = String(repeating: "é", count: 100)
        #expect(try console.call(.post, ConsolePaths.createFlock, [("name", long)]).status == 200)
    }

    @Test("flock/create rejects an empty or too long name", arguments: [
        ([] as [String], Message.flockNameEmpty), ([""], Message.flockNameEmpty), (["   "], Message.flockNameEmpty),
        ([String(repeating: "x", count: 101)], Message.flockNameTooLong),
    ])
    func badName(_ name: [String], _ message: String) throws {
        let console = try TestConsole()
        let before = try console.store.flocks().count
        expectError(try console.call(.post, ConsolePaths.createFlock, name.map { ("name", $0) }), message, status: 400)
        #expect(try console.store.flocks().count == before)
    }

    @Test("flocks/summary counts enabled, disabled and total tokens per flock")
    func summary() throws {
        let console = try TestConsole()
        _ = try console.createToken(kind: "http")
        let (_, off) = try console.createToken(kind: "dns")
        _ = try console.createToken(kind: "dns", [("flock_id", TestConsole.otherFlock)])
        #expect(try console.call(.post, ConsolePaths.disable, [("canarytoken", off)]).status == 200)
        let reply = try console.call(.get, ConsolePaths.flocksSummary, [], via: .query)
        #expect(reply.keys == ["flocks_summary", "result"])
        #expect(reply.json["flocks_summary"] == .object([
            "flock:default": ["disabled_tokens": 1, "enabled_tokens": 1, "name": "Default Flock", "total_tokens": 2],
            TestConsole.otherFlock: ["disabled_tokens": 0, "enabled_tokens": 1, "name": "Other Flock", "total_tokens": 1],
        ]))
    }
}

extension Message {
    static let flockNameEmpty = "Flock name cannot be empty."
    static let flockNameTooLong = "Flock name longer than maximum (100 characters)."
}
