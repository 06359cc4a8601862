import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Token actions: canarytoken/delete, enable, disable, update")
struct TokenActionHandlerTests {
    @Test("disable and enable flip enabled, bump updated_id and answer only the result")
    func enableDisable() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let before = try console.store.currentUpdatedID()
        let disabled = try console.call(.post, ConsolePaths.disable, [("canarytoken", id)])
        #expect(disabled.status == 200)
        #expect(disabled.text == "{\n  \"result\": \"success\"\n}\n")
        #expect(try console.fetch(id).json["token"]?["enabled"] == false)
        #expect(try console.fetch(id).json["token"]?["updated_id"]?.intValue == before + 1)
        let enabled = try console.call(.post, ConsolePaths.enable, [("canarytoken", id)])
        #expect(enabled.text == "{\n  \"result\": \"success\"\n}\n")
        #expect(try console.fetch(id).json["token"]?["enabled"] == true)
        #expect(try console.store.currentUpdatedID() == before + 2)
    }

    @Test("update changes the memo and answers the updated token under token")
    func update() throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "http", memo: "old memo")
        let reply = try console.call(.post, ConsolePaths.update, [("canarytoken", id), ("memo", "new memo ✓")])
        #expect(reply.status == 200)
        #expect(reply.keys == ["result", "token"])
        #expect(reply.json["token"]?["memo"] == "new memo ✓")
        #expect(reply.json["token"]?["updated_id"]?.intValue == (token["updated_id"]?.intValue ?? 0) + 1)
        #expect(try console.fetch(id).json["token"] == reply.json["token"])
        expectError(try console.call(.post, ConsolePaths.update, [("canarytoken", id), ("memo", "  ")]), Message.emptyMemo, status: 400)
        expectError(try console.call(.post, ConsolePaths.update, [("canarytoken", id)]), Message.emptyMemo, status: 400)
        expectError(
            try console.call(.post, ConsolePaths.update, [("canarytoken", id), ("memo", String(repeating: "m", count: 10_001))]),
            Message.badParameters, status: 400)
        #expect(try console.fetch(id).json["token"]?["memo"] == "new memo ✓")
    }

    @Test("delete removes the token; fetch then answers not found")
    func delete() throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "http")
        let before = try console.store.currentUpdatedID()
        let reply = try console.call(.post, ConsolePaths.delete, [("canarytoken", id), ("clear_incidents", "true")])
        #expect(reply.text == "{\n  \"result\": \"success\"\n}\n")
        expectError(try console.fetch(id), Message.tokenNotFound, status: 404)
        #expect(try console.store.currentUpdatedID() == before + 1)
        expectError(try console.call(.post, ConsolePaths.delete, [("canarytoken", id)]), Message.tokenNotFound, status: 404)
    }

    @Test("A missing or unknown canarytoken is not found on every action",
          arguments: [ConsolePaths.delete, ConsolePaths.enable, ConsolePaths.disable, ConsolePaths.update])
    func notFound(_ path: String) throws {
        let console = try TestConsole()
        let before = try console.store.currentUpdatedID()
        expectError(try console.call(.post, path, [("memo", "m")]), Message.tokenNotFound, status: 404)
        expectError(try console.call(.post, path, [("canarytoken", ""), ("memo", "m")]), Message.tokenNotFound, status: 404)
        expectError(
            try console.call(.post, path, [("canarytoken", "0000000000000000000000000"), ("memo", "m")], via: .query),
            Message.tokenNotFound, status: 404)
        #expect(try console.store.currentUpdatedID() == before)
    }
}
