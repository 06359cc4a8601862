import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// `ignore_list` in the config file and the seed file (docs/api.md §7.6).
@Suite("Control API: the ignore list from the config file and the seed file")
struct ControlIgnoreListSeedTests {
    static let configured: JSONValue = [["src_ip": "10.0.0.5"], ["src_ip": "FE80::1", "dst_port": 22]]

    @Test("Configured entries are stored at start, shown by /_mock/state, and come back after every reset")
    func configured() throws {
        let console = try ControlConsole(["ignore_list": Self.configured])
        #expect(console.configuration.ignoreList == [IgnoreEntry(srcIP: "10.0.0.5"), IgnoreEntry(srcIP: "fe80::1", dstPort: 22)])
        #expect(try console.store.ignoreEntries() == [IgnoreEntry(srcIP: "10.0.0.5"), IgnoreEntry(srcIP: "fe80::1", dstPort: 22)])
        let state = try console.control(.get, "/_mock/state")
        #expect(state.json["ignore_list"] == [["src_ip": "10.0.0.5"], ["dst_port": 22, "src_ip": "fe80::1"]])

        let token = try console.createToken(kind: "http")
        let ignored = try console.control(.post, "/_mock/trigger", form: [("canarytoken", token), ("src_ip", "10.0.0.5")])
        #expect(ignored.json["incident"] == .null)
        // An entry added through the API goes with the reset; the configured ones come back.
        _ = try console.send(.make(
            .post, "/api/v1/settings/whitelist_ip_port",
            query: [("auth_token", TestConsole.authToken)], form: [("src_ip", "10.0.0.9")]))
        #expect(try console.store.ignoreEntries().count == 3)
        #expect(try console.control(.post, "/_mock/reset").status == 200)
        #expect(try console.store.ignoreEntries() == [IgnoreEntry(srcIP: "10.0.0.5"), IgnoreEntry(srcIP: "fe80::1", dstPort: 22)])
    }

    @Test("A seed file's entries are stored (repeats once) and a state dump loads back as a seed")
    func seeded() throws {
        let seed = try SeedFile.parse(Array("""
            {"ignore_list": [{"src_ip": "192.168.1.7", "dst_port": 8080}, {"src_ip": "192.168.1.7", "dst_port": 8080},
                             {"src_ip": "192.168.1.8"}]}
            """.utf8), path: "seed.json")
        #expect(seed.ignoreList == [IgnoreEntry(srcIP: "192.168.1.7", dstPort: 8080), IgnoreEntry(srcIP: "192.168.1.8")])
        let console = try ControlConsole(seed: seed)
        #expect(try console.store.ignoreEntries() == [
            IgnoreEntry(srcIP: "192.168.1.7", dstPort: 8080), IgnoreEntry(srcIP: "192.168.1.8"),
        ])
        let dump = try console.control(.get, "/_mock/state")
        let again = try SeedFile.parse(JSONWriter.encode(dump.json), path: "dump.json")
        #expect(again.ignoreList == seed.ignoreList)
        _ = try console.send(.make(
            .post, "/api/v1/settings/whitelisting/remove_whitelist_ip",
            query: [("auth_token", TestConsole.authToken)], form: [("src_ip", "192.168.1.8")]))
        #expect(try console.control(.post, "/_mock/reset", form: [("reseed", "true")]).status == 200)
        #expect(try console.store.ignoreEntries().count == 2)
    }

    @Test("Bad entries are refused with the file and the key", arguments: [
        (#"{"ignore_list": [{"dst_port": 22}]}"#, "seed file seed.json: ignore_list[0].src_ip: is required"),
        (#"{"ignore_list": [{"src_ip": "10.0.0"}]}"#,
         "seed file seed.json: ignore_list[0].src_ip: must be an IPv4 or IPv6 address such as 10.0.0.5"),
        (#"{"ignore_list": [{"src_ip": "10.0.0.1", "dst_port": 0}]}"#,
         "seed file seed.json: ignore_list[0].dst_port: must be from 1 to 65535, got 0"),
        (#"{"ignore_list": [{"src_ip": "10.0.0.1", "port": 22}]}"#,
         "seed file seed.json: ignore_list[0].port: unknown key (known keys: dst_port, src_ip)"),
        (#"{"ignore_list": "10.0.0.1"}"#, "seed file seed.json: ignore_list: must be a list of objects"),
    ])
    func refused(_ document: String, _ message: String) throws {
        #expect(throws: ConfigurationError(message)) { try SeedFile.parse(Array(document.utf8), path: "seed.json") }
    }

    @Test("The config file names itself in the error")
    func refusedInConfig() throws {
        #expect(throws: ConfigurationError.self) { try ControlConsole(["ignore_list": [["src_ip": "not an address"]]]) }
        do {
            _ = try ControlConsole(["ignore_list": [["src_ip": "not an address"]]])
        } catch let error as ConfigurationError {
            #expect(error.message == #"config file control-config.json: key "ignore_list[0].src_ip": must be an IPv4 or IPv6 address such as 10.0.0.5, got "not an address""#)
        }
    }
}
