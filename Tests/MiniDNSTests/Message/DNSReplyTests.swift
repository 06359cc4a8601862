import MiniDNS
import Testing

/// The answers, byte for byte.
@Suite("DNS replies")
struct DNSReplyTests {
    static let question: [UInt8] = [1, UInt8(ascii: "X"), 2] + Array("io".utf8) + [0]

    static func query(flags: UInt16 = 0x0120, type: UInt16 = 1) throws -> DNSQuery {
        try DNSQuery.parse(DNSQueryTests.message(id: 0xBEEF, flags: flags, ar: 1, question + [0, UInt8(type), 0, 1]))
    }

    @Test("An A answer: QR AA RD NOERROR, the question echoed, one A record with a pointer, TTL 10, the address")
    func address() throws {
        let ip = try #require(DNSAnswer.IPv4("10.1.2.254"))
        let bytes = DNSReply.answer(try Self.query(), .address(ip, ttl: 10))
        #expect(bytes == [
            0xBE, 0xEF, 0x85, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        ] + Self.question + [0, 1, 0, 1] + [
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x04, 10, 1, 2, 254,
        ])
    }

    @Test("Without RD in the query, none in the answer; a long TTL is written big-endian")
    func noRecursion() throws {
        let ip = try #require(DNSAnswer.IPv4("127.0.0.1"))
        let bytes = DNSReply.answer(try Self.query(flags: 0x0000), .address(ip, ttl: 0x0102_0304))
        #expect(Array(bytes[2...3]) == [0x84, 0x00])
        #expect(Array(bytes[(bytes.count - 10)..<(bytes.count - 6)]) == [1, 2, 3, 4])
    }

    @Test("No data: QR AA RD NOERROR, the question, no records")
    func noData() throws {
        let bytes = DNSReply.answer(try Self.query(type: 28), .noData)
        #expect(bytes == [0xBE, 0xEF, 0x85, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + Self.question + [0, 28, 0, 1])
    }

    @Test("Refused and server failure: not authoritative, the question, no records")
    func refused() throws {
        #expect(DNSReply.answer(try Self.query(), .refused)
            == [0xBE, 0xEF, 0x81, 0x05, 0, 1, 0, 0, 0, 0, 0, 0] + Self.question + [0, 1, 0, 1])
        #expect(DNSReply.answer(try Self.query(), .serverFailure)
            == [0xBE, 0xEF, 0x81, 0x02, 0, 1, 0, 0, 0, 0, 0, 0] + Self.question + [0, 1, 0, 1])
    }

    @Test("FORMERR and NOTIMP: the id, opcode and RD, no sections; nothing for a short datagram or a response")
    func errors() {
        let header = DNSHeader(id: 0x0102, flags: 0x0100 | 0x0020, questionCount: 3)
        #expect(DNSReply.error(for: .malformed(header, .questionCount)) == [1, 2, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0])
        let update = DNSHeader(id: 0x0102, flags: 5 << 11, questionCount: 1)
        #expect(DNSReply.error(for: .unsupportedOpcode(update)) == [1, 2, 0xA8, 0x04, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(DNSReply.error(for: .truncatedHeader) == nil)
        #expect(DNSReply.error(for: .notAQuery) == nil)
    }

    @Test("A reply parses as a response to the same question")
    func readsBack() throws {
        let query = try Self.query()
        let bytes = DNSReply.answer(query, .noData)
        #expect(throws: DNSParseError.notAQuery) { try DNSQuery.parse(bytes) }
        let header = try #require(DNSHeader(bytes))
        #expect(header.responseCode == .noError)
        var asQuery = bytes
        asQuery[2] &= 0x7F
        #expect(try DNSQuery.parse(asQuery).question == query.question)
    }

    @Test("Reads IPv4 text strictly", arguments: [
        ("127.0.0.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("256.0.0.1", false), ("1.2.3", false),
        ("1.2.3.4.5", false), ("01.2.3.4", false), ("1.2.3.", false), ("a.b.c.d", false), ("1.2.3.٤", false),
        ("", false), ("::1", false),
    ])
    func ipv4(_ text: String, _ valid: Bool) {
        #expect((DNSAnswer.IPv4(text) != nil) == valid)
    }
}
