import Basics
import CanaryAPI
import CanaryStore
import MiniDNS
import MiniHTTP
import Testing

/// The DNS channel: the decision for each kind of question, and what a hit leaves in the store.
@Suite("DNS channel")
struct DNSChannelTests {
    static let id = "abcdefghijklmnopqrstuvwxy"
    static let domain = DNSName(TestConsole.domain)

    /// A question for `name`, type A class IN unless told.
    static func question(_ name: String, type: UInt16 = DNSQuestion.typeA, dnsClass: UInt16 = DNSQuestion.classIN)
        throws -> DNSQuestion
    {
        DNSQuestion(name: try #require(DNSName(name)), type: type, dnsClass: dnsClass)
    }

    static func decide(_ name: String, type: UInt16 = DNSQuestion.typeA, dnsClass: UInt16 = DNSQuestion.classIN)
        throws -> DNSChannel.Decision
    {
        DNSChannel.decide(try question(name, type: type, dnsClass: dnsClass), domain: domain)
    }

    // MARK: - Decisions

    @Test("Refuses names outside the token domain", arguments: [
        "example.com", "o3n.io", "x0123456789ab.o3n.io", "\(id).example.com", "0123456789ab.o3n.io.evil",
    ])
    func outside(_ name: String) throws {
        #expect(try Self.decide(name) == .refused)
    }

    @Test("Answers A without a hit under the domain when no label is a token id", arguments: [
        TestConsole.domain, "www.\(TestConsole.domain)", "\(id)x.\(TestConsole.domain)",
        "bcdefghijklmnopqrstuvwxy.\(TestConsole.domain)", "abcdefghijklmnopqrstuvwx-.\(TestConsole.domain)",
    ])
    func noToken(_ name: String) throws {
        #expect(try Self.decide(name) == .address)
    }

    @Test("Answers other types and classes under the domain with no data, even with a token id", arguments: [
        (UInt16(28), UInt16(1)), (16, 1), (255, 1), (1, 3),
    ] as [(UInt16, UInt16)])
    func otherTypes(_ type: UInt16, _ dnsClass: UInt16) throws {
        #expect(try Self.decide("\(Self.id).\(TestConsole.domain)", type: type, dnsClass: dnsClass) == .noData)
    }

    @Test("A hit: the id lowercased, the hostname as queried, the domain matched without case")
    func hit() throws {
        let name = "ABCDEFGHIJKLMnopqrstuvwxy.0123456789AB.O3n.Io"
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: ["hostname": .string(name)]))
    }

    @Test("Takes the rightmost label of exactly 25 letters and digits")
    func rightmost() throws {
        let other = "zzzzzzzzzzzzzzzzzzzzzzzzz"
        let name = "\(other).\(Self.id).x.\(TestConsole.domain)"
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: ["hostname": .string(name)]))
    }

    @Test("Decodes the windows-dir prefix, values as queried")
    func windowsDirectory() throws {
        let name = "Alice.WS01.CORP.INI.\(Self.id).\(TestConsole.domain)"
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: [
            "hostname": .string(name), "windows_desktopini_access_username": "Alice",
            "windows_desktopini_computer_name": "WS01", "windows_desktopini_access_domain": "CORP",
        ]))
        let noDomain = "bob.pc.ini.\(Self.id).\(TestConsole.domain)"
        #expect(try Self.decide(noDomain) == .hit(canarytoken: Self.id, fields: [
            "hostname": .string(noDomain), "windows_desktopini_access_username": "bob",
            "windows_desktopini_computer_name": "pc", "windows_desktopini_access_domain": "",
        ]))
    }

    @Test("A windows-dir name without its prefix, or with too many labels, is a hit without those fields", arguments: [
        "INI.\(id).\(TestConsole.domain)", "a.INI.\(id).\(TestConsole.domain)", "a.b.c.d.INI.\(id).\(TestConsole.domain)",
        "a.b.c.INX.\(id).\(TestConsole.domain)",
    ])
    func windowsDirectoryWithout(_ name: String) throws {
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: ["hostname": .string(name)]))
    }

    @Test("Decodes generic data: base32 without padding over one or more labels; UTF-8 as text, else hex", arguments: [
        ("NBSWY3DP.G12", "hello"), ("nbswy3dp.g00", "hello"), ("NBSW.Y3DP.G99", "hello"), ("777AA.G01", "fffe00"),
        ("NDB2S3DMN4QHPQ5WOJWGILBAMEQGY33OM5SXEIDNMVZXGYLHMU.G42", "héllo wörld, a longer message"),
        ("ABC.G12", "Unrecoverable data: ABC"),
    ])
    func genericData(_ prefix: String, _ expected: String) throws {
        let name = "\(prefix).\(Self.id).\(TestConsole.domain)"
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: [
            "hostname": .string(name), "generic_data": .string(expected),
        ]))
    }

    @Test("Labels that are not base32, or a marker that is not G and two digits, carry no generic data", arguments: [
        "NBSWY3D1.G12", "NBSWY3DP.G1", "NBSWY3DP.G123", "NBSWY3DP.H12", "G12",
    ])
    func notGeneric(_ prefix: String) throws {
        let name = "\(prefix).\(Self.id).\(TestConsole.domain)"
        #expect(try Self.decide(name) == .hit(canarytoken: Self.id, fields: ["hostname": .string(name)]))
    }

    // MARK: - Answers and the store

    /// A console whose store holds one enabled `dns` token and one disabled `windows-dir` token, and its channel.
    struct Setup {
        let console: TestConsole
        let channel: DNSChannel
        static let disabled = "disabled0000000000000000a"

        init(_ overrides: [String: JSONValue] = [:]) throws {
            console = try TestConsole(overrides)
            for (token, kind) in [(DNSChannelTests.id, "dns"), (Self.disabled, "windows-dir")] {
                _ = try console.store.insertToken(NewToken(
                    canarytoken: token, kind: kind, memo: "m", flockID: "flock:default", createdMicros: TestConsole.now,
                    url: "http://\(TestConsole.domain)/\(token)", hostname: "\(token).\(TestConsole.domain)"))
            }
            _ = try console.store.updateToken(Self.disabled, memo: nil, enabled: false)
            channel = DNSChannel(context: console.context)
        }

        func ask(_ name: String, type: UInt16 = DNSQuestion.typeA, from peer: DNSPeer = DNSPeer(address: "10.0.0.53", port: 5353))
            throws -> DNSAnswer
        {
            let query = DNSQuery(header: DNSHeader(id: 1, flags: 0x0100, questionCount: 1),
                                 question: try DNSChannelTests.question(name, type: type))
            return channel.answer(query, from: peer)
        }

        func incidents() throws -> [IncidentRecord] {
            try console.store.incidents(acknowledged: nil, after: 0, limit: 10)
        }
    }

    static let loopback = DNSAnswer.address(DNSAnswer.IPv4(127, 0, 0, 1), ttl: 10)

    @Test("A hit is committed before the answer: one incident, key without an IP, the event's fields")
    func recorded() throws {
        let setup = try Setup()
        let name = "Alice.WS01.CORP.INI.\(Self.id.uppercased()).\(TestConsole.domain)"
        #expect(try setup.ask(name) == Self.loopback)
        let incidents = try setup.incidents()
        try #require(incidents.count == 1)
        let incident = incidents[0]
        #expect(incident.nodeID == Self.id)
        #expect(incident.srcHost == "")
        #expect(incident.srcPort == 0)
        #expect(incident.kind == "dns")
        #expect(incident.logtype == "16000")
        let parts = incident.key.split(separator: ":", omittingEmptySubsequences: false)
        #expect(parts.count == 5 && parts[0] == "incident" && parts[1] == "canarytoken" && parts[3] == "")
        #expect(parts.last.map(String.init) == String(TestConsole.now / 1_000_000))
        try #require(incident.events.count == 1)
        let fields = try JSONReader.parse(Array(incident.events[0].fields.utf8))
        #expect(fields == .object([
            "canarytoken": .string(Self.id), "type": "dns", "hostname": .string(name), "src_host": "10.0.0.53",
            "dst_port": 53, "timestamp": .int(Int(TestConsole.now / 1_000_000)),
            "timestamp_std": "2020-04-06 08:21:55 UTC+0000",
            "windows_desktopini_access_username": "Alice", "windows_desktopini_computer_name": "WS01",
            "windows_desktopini_access_domain": "CORP",
        ]))
        // A second query from another resolver joins the same incident (the key has no IP).
        #expect(try setup.ask("\(Self.id).\(TestConsole.domain)", from: DNSPeer(address: "10.9.9.9", port: 53)) == Self.loopback)
        let again = try setup.incidents()
        #expect(again.count == 1 && again.first?.events.count == 2)
        #expect(try setup.console.store.token(Self.id)?.triggeredCount == 2)
    }

    @Test("Unknown and disabled tokens get the same answer and record nothing")
    func unknownAndDisabled() throws {
        let setup = try Setup()
        #expect(try setup.ask("zzzzzzzzzzzzzzzzzzzzzzzzz.\(TestConsole.domain)") == Self.loopback)
        #expect(try setup.ask("\(Setup.disabled).\(TestConsole.domain)") == Self.loopback)
        #expect(try setup.incidents().isEmpty)
    }

    @Test("Other types, names without an id, and names outside record nothing")
    func noHits() throws {
        let setup = try Setup()
        #expect(try setup.ask("\(Self.id).\(TestConsole.domain)", type: DNSQuestion.typeAAAA) == .noData)
        #expect(try setup.ask("www.\(TestConsole.domain)") == Self.loopback)
        #expect(try setup.ask("\(Self.id).example.com") == .refused)
        #expect(try setup.incidents().isEmpty)
    }

    @Test("Answers with dns_answer_ip, and shows an IPv4 client of a dual-stack socket by its IPv4 address")
    func answerAddress() throws {
        let setup = try Setup(["dns_answer_ip": "192.0.2.44"])
        let answer = try setup.ask("\(Self.id).\(TestConsole.domain)", from: DNSPeer(address: "::ffff:10.1.2.3", port: 999))
        #expect(answer == .address(DNSAnswer.IPv4(192, 0, 2, 44), ttl: 10))
        let fields = try JSONReader.parse(Array(try #require(try setup.incidents().first?.events.first).fields.utf8))
        #expect(fields["src_host"] == "10.1.2.3")
    }

    @Test("/_mock/health shows dns_port only once the responder's port is set")
    func health() throws {
        let context = ConsoleContext(store: try ConsoleStore(path: ":memory:"), configuration: MockConfiguration())
        let api = ConsoleAPI(context: context)
        #expect(try JSONReader.parse(api.respond(to: .make("/_mock/health")).body)["dns_port"] == nil)
        context.dnsPort.withLock { $0 = 40053 }
        let body = try JSONReader.parse(api.respond(to: .make("/_mock/health")).body)
        #expect(body["dns_port"] == 40053)
        #expect(body["status"] == "ok")
    }
}
