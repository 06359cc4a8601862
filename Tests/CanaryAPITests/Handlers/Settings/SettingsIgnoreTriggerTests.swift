import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// The ignore list in the trigger pipeline (docs/api.md §7.6, docs/triggers.md): an ignored source records nothing
/// through any channel, and `/_mock/reset` brings the alerts back.
@Suite("Settings: an ignored source makes no incident")
struct SettingsIgnoreTriggerTests {
    /// `POST /_mock/trigger` for `id` from `srcIP` (and `srcPort`).
    static func trigger(
        _ console: TestConsole, _ id: String, srcIP: String, srcPort: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        var form = [("canarytoken", id), ("src_ip", srcIP)]
        if let srcPort { form.append(("src_port", String(srcPort))) }
        return try console.send(.make(.post, "/_mock/trigger", form: form), sourceLocation: sourceLocation)
    }

    @Test("The control channel: an ignored address answers incident null and stores nothing; other sources alert")
    func controlChannel() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        #expect(try SettingsHandlerTests.ignore(console, [("src_ip", "10.0.0.1")]).status == 200)
        #expect(try SettingsHandlerTests.ignore(console, [("src_ip", "10.0.0.2"), ("dst_port", "4444")]).status == 200)

        let ignored = try Self.trigger(console, id, srcIP: "10.0.0.1", srcPort: 5555)
        #expect(ignored.status == 200)
        #expect(ignored.json == ["incident": .null, "result": "success"])
        let ignoredPort = try Self.trigger(console, id, srcIP: "10.0.0.2", srcPort: 4444)
        #expect(ignoredPort.json == ["incident": .null, "result": "success"])
        #expect(try console.incidents().isEmpty)
        #expect(try console.triggeredCount(id) == 0)
        #expect(try console.store.currentIncidentUpdatedID() == 0)

        // The port entry covers only its port; a hit whose port is unknown is not covered by it.
        let otherPort = try Self.trigger(console, id, srcIP: "10.0.0.2", srcPort: 4445)
        #expect(otherPort.json["incident"]?["src_host"] == "10.0.0.2")
        let noPort = try Self.trigger(console, id, srcIP: "10.0.0.2")
        #expect(noPort.json["incident"] != .null)
        let other = try Self.trigger(console, id, srcIP: "10.0.0.3")
        #expect(other.json["incident"]?["src_host"] == "10.0.0.3")
        #expect(try console.incidents().map(\.srcHost).sorted() == ["10.0.0.2", "10.0.0.3"])
        #expect(try console.triggeredCount(id) == 3)
    }

    @Test("The token-URL channel: a hit from an ignored peer gets its normal answer and records nothing")
    func tokenURLChannel() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        #expect(try SettingsHandlerTests.ignore(console, [("src_ip", TestConsole.peerIP)]).status == 200)
        let response = console.raw(.get, "/static/\(id)/logo.gif")
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "image/gif")
        #expect(try console.incidents().isEmpty)
        #expect(try console.triggeredCount(id) == 0)
        // Another peer still alerts.
        _ = console.raw(.get, "/static/\(id)/logo.gif", peer: "10.9.9.9:40000")
        #expect(try console.incidents().map(\.srcHost) == ["10.9.9.9"])
    }

    @Test("A port entry in the token-URL channel compares the peer's port")
    func tokenURLPort() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        #expect(try SettingsHandlerTests.ignore(console, [("src_ip", TestConsole.peerIP), ("dst_port", "40000")])
            .status == 200)
        _ = console.raw(.get, "/static/\(id)/logo.gif")
        #expect(try console.incidents().isEmpty)
        _ = console.raw(.get, "/static/\(id)/logo.gif", peer: "\(TestConsole.peerIP):40001")
        #expect(try console.incidents().map(\.srcHost) == [TestConsole.peerIP])
    }

    @Test("Reset clears the ignore list: the same source alerts again")
    func resetRestores() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        #expect(try SettingsHandlerTests.ignore(console, [("src_ip", "10.0.0.1")]).status == 200)
        #expect(try Self.trigger(console, id, srcIP: "10.0.0.1").json["incident"] == .null)
        #expect(try console.send(.make(.post, "/_mock/reset")).status == 200)
        #expect(try console.store.ignoreEntries() == [])
        let check = try console.call(.get, SettingsPaths.isIPIgnored, [("src_ip", "10.0.0.1")], via: .query)
        #expect(check.json["is_ip_ignored"] == false)
        let again = try console.createToken(kind: "http").id
        let reply = try Self.trigger(console, again, srcIP: "10.0.0.1")
        #expect(reply.json["incident"]?["src_host"] == "10.0.0.1")
        #expect(try console.incidents().count == 1)
        _ = id
    }
}
