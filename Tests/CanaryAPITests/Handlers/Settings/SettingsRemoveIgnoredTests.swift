import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Settings: settings/whitelisting/remove_whitelist_ip")
struct SettingsRemoveIgnoredTests {
    static let path = "/api/v1/settings/whitelisting/remove_whitelist_ip"

    /// A console whose ignore list holds 10.0.0.2 on every port and on 5000, and 10.0.0.3 on 22.
    static func listed() throws -> TestConsole {
        let console = try TestConsole()
        for (ip, port) in [("10.0.0.2", ""), ("10.0.0.2", "5000"), ("10.0.0.3", "22")] {
            _ = try SettingsHandlerTests.ignore(console, [("src_ip", ip), ("dst_port", port)])
        }
        return console
    }

    @Test("Without dst_port every entry of the address goes; the others stay")
    func removeAddress() throws {
        let console = try Self.listed()
        let reply = try console.call(.post, Self.path, [("src_ip", "10.0.0.2")])
        #expect(reply.status == 200)
        #expect(reply.json == ["result": "success"])
        #expect(try console.store.ignoreEntries() == [IgnoreEntry(srcIP: "10.0.0.3", dstPort: 22)])
    }

    @Test("With dst_port only that port's entry goes; an unlisted address or port succeeds and changes nothing")
    func removePort() throws {
        let console = try Self.listed()
        #expect(try console.call(.post, Self.path, [("src_ip", "10.0.0.2"), ("dst_port", "5000")]).json
            == ["result": "success"])
        #expect(try console.store.ignoreEntries() == [
            IgnoreEntry(srcIP: "10.0.0.2"), IgnoreEntry(srcIP: "10.0.0.3", dstPort: 22),
        ])
        #expect(try console.call(.post, Self.path, [("src_ip", "10.9.9.9")], via: .query).json == ["result": "success"])
        #expect(try console.call(.post, Self.path, [("src_ip", "10.0.0.3"), ("dst_port", "23")]).status == 200)
        #expect(try console.store.ignoreEntries().count == 2)
    }

    @Test("Bad or missing parameters and a wrong key are refused, and nothing is removed", arguments: [
        ([("dst_port", "80")], "src_ip"), ([("src_ip", "10.0.0")], "src_ip"),
        ([("src_ip", "10.0.0.2"), ("dst_port", "0")], "dst_port"), ([("src_ip", "10.0.0.2"), ("dst_port", "x")], "dst_port"),
    ])
    func refused(_ parameters: [(String, String)], _ name: String) throws {
        let console = try Self.listed()
        expectError(try console.call(.post, Self.path, parameters), "Parameter \(name) was invalid.", status: 400)
        expectError(
            try console.call(.post, Self.path, [("src_ip", "10.0.0.2")], auth: .parameter("wrong")),
            Message.invalidAuthToken, status: 401)
        #expect(try console.store.ignoreEntries().count == 3)
    }

    @Test("A removed address makes incidents again through the control trigger")
    func alertsAgain() throws {
        let console = try Self.listed()
        let token = try console.createToken(kind: "http").id
        let ignored = try console.call(
            .post, "/_mock/trigger", [("canarytoken", token), ("src_ip", "10.0.0.2")], auth: .none)
        #expect(ignored.json["incident"] == .null)
        _ = try console.call(.post, Self.path, [("src_ip", "10.0.0.2")])
        let recorded = try console.call(
            .post, "/_mock/trigger", [("canarytoken", token), ("src_ip", "10.0.0.2")], auth: .none)
        #expect(recorded.json["incident"]?["src_host"] == "10.0.0.2")
        #expect(try console.store.incidentCount() == 1)
    }
}
