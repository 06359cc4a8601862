import MiniDNS
import Testing

/// Reading queries: real ones from dig, and every malformed shape the responder must survive.
@Suite("DNS query parsing")
struct DNSQueryTests {
    /// `dig @127.0.0.1 -p PORT abcdefghijklmnopqrstuvwxy.canarytokens.localhost A` as dig 9.18 sent it: RD and AD
    /// set, one question, an EDNS OPT record with a cookie in the additional section.
    static let digA = hex(
        "871301200001000000000001196162636465666768696a6b6c6d6e6f707172737475767778790c63616e617279746f6b656e73"
            + "096c6f63616c686f7374000001000100002904d000000000000c000a0008b572b03fa1d03b99")

    /// A header of 12 bytes with these fields, then `rest`.
    static func message(
        id: UInt16 = 0x1234, flags: UInt16 = 0x0100, qd: UInt16 = 1, an: UInt16 = 0, ns: UInt16 = 0, ar: UInt16 = 0,
        _ rest: [UInt8] = []
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        DNSHeader(id: id, flags: flags, questionCount: qd, answerCount: an, authorityCount: ns, additionalCount: ar)
            .write(to: &bytes)
        return bytes + rest
    }

    /// `example.com` A IN as question bytes.
    static let exampleQuestion: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1]

    @Test("Reads dig's A query with its EDNS OPT record: id, RD, the name as sent, type and class")
    func digQuery() throws {
        let query = try DNSQuery.parse(Self.digA)
        #expect(query.header.id == 0x8713)
        #expect(query.header.recursionDesired)
        #expect(query.header.additionalCount == 1)
        #expect(query.question.name.text == "abcdefghijklmnopqrstuvwxy.canarytokens.localhost")
        #expect(query.question.name.labels.count == 3)
        #expect(query.question.type == DNSQuestion.typeA)
        #expect(query.question.dnsClass == DNSQuestion.classIN)
    }

    @Test("Keeps the letter case of the name as sent")
    func keepsCase() throws {
        let question: [UInt8] = [5] + Array("AlIcE".utf8) + [2] + Array("Io".utf8) + [0, 0, 28, 0, 1]
        let query = try DNSQuery.parse(Self.message(question))
        #expect(query.question.name.text == "AlIcE.Io")
        #expect(query.question.type == DNSQuestion.typeAAAA)
    }

    @Test("Ignores bytes after the question and never walks a huge additional count")
    func ignoresTrailer() throws {
        let query = try DNSQuery.parse(Self.message(ar: 0xFFFF, Self.exampleQuestion + [UInt8](repeating: 0xFF, count: 300)))
        #expect(query.question.name.text == "example.com")
    }

    @Test("Reads the root name")
    func rootName() throws {
        let query = try DNSQuery.parse(Self.message([0, 0, 2, 0, 1]))
        #expect(query.question.name.labels.isEmpty)
        #expect(query.question.name.text == ".")
    }

    @Test("Drops datagrams shorter than a header", arguments: [0, 1, 11])
    func shortHeader(_ count: Int) {
        #expect(throws: DNSParseError.truncatedHeader) { try DNSQuery.parse(Array(Self.digA.prefix(count))) }
    }

    @Test("Drops responses (QR set)")
    func response() {
        #expect(throws: DNSParseError.notAQuery) { try DNSQuery.parse(Self.message(flags: 0x8100, Self.exampleQuestion)) }
    }

    @Test("Answers NOTIMP to opcodes other than QUERY", arguments: [UInt16(1), 2, 4, 5, 15])
    func opcode(_ opcode: UInt16) {
        let header = DNSHeader(id: 0x1234, flags: opcode << 11 | 0x0100, questionCount: 1)
        #expect(throws: DNSParseError.unsupportedOpcode(header)) {
            try DNSQuery.parse(Self.message(flags: opcode << 11 | 0x0100, Self.exampleQuestion))
        }
    }

    @Test("Answers FORMERR to a question count other than 1", arguments: [UInt16(0), 2, 0xFFFF])
    func questionCount(_ count: UInt16) {
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: count)
        #expect(throws: DNSParseError.malformed(header, .questionCount)) {
            try DNSQuery.parse(Self.message(qd: count, Self.exampleQuestion + Self.exampleQuestion))
        }
    }

    @Test("Answers FORMERR to answer or authority records in a query", arguments: [(UInt16(1), UInt16(0)), (0, 1), (0xFFFF, 0xFFFF)])
    func unexpectedRecords(_ an: UInt16, _ ns: UInt16) {
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: 1, answerCount: an, authorityCount: ns)
        #expect(throws: DNSParseError.malformed(header, .unexpectedRecords)) {
            try DNSQuery.parse(Self.message(an: an, ns: ns, Self.exampleQuestion))
        }
    }

    @Test("Answers FORMERR to a question cut anywhere", arguments: 0..<17)
    func truncatedQuestion(_ keep: Int) {
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: 1)
        #expect(throws: DNSParseError.malformed(header, .truncated)) {
            try DNSQuery.parse(Self.message(Array(Self.exampleQuestion.prefix(keep))))
        }
    }

    /// A question whose name is `labels`, type A class IN.
    static func question(_ labels: [[UInt8]]) -> [UInt8] {
        labels.flatMap { [UInt8($0.count)] + $0 } + [0, 0, 1, 0, 1]
    }

    @Test("Takes a 63-byte label and refuses a 64-byte one")
    func labelLength() throws {
        let ok = [UInt8](repeating: UInt8(ascii: "a"), count: 63)
        #expect(try DNSQuery.parse(Self.message(Self.question([ok]))).question.name.labels == [ok])
        // A length byte of 64 has the top bits 01: a reserved label type, not a length.
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: 1)
        #expect(throws: DNSParseError.malformed(header, .badLabelType)) {
            try DNSQuery.parse(Self.message(Self.question([ok + [UInt8(ascii: "a")]])))
        }
        #expect(throws: DNSParseError.malformed(header, .badLabelType)) {
            try DNSQuery.parse(Self.message([0x80, 0x01] + Self.exampleQuestion))
        }
    }

    @Test("Takes a 255-byte name and refuses a 256-byte one")
    func nameLength() throws {
        // 3 labels of 63 (192 bytes with their lengths) + one of 61 (62) + the root (1) = 255.
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 63)
        let fits = [long, long, long, [UInt8](repeating: UInt8(ascii: "b"), count: 61)]
        let query = try DNSQuery.parse(Self.message(Self.question(fits)))
        #expect(query.question.name.wireLength == 255)
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: 1)
        #expect(throws: DNSParseError.malformed(header, .nameTooLong)) {
            try DNSQuery.parse(Self.message(Self.question([long, long, long, [UInt8](repeating: UInt8(ascii: "b"), count: 62)])))
        }
        // Many short labels: the running length stops the read long before the datagram ends.
        #expect(throws: DNSParseError.malformed(header, .nameTooLong)) {
            try DNSQuery.parse(Self.message(Self.question(Array(repeating: [UInt8(ascii: "x")], count: 2000))))
        }
    }

    @Test("Refuses compression pointers that loop, point at themselves or forward", arguments: [
        [0xC0, 0x0C] as [UInt8],                       // the pointer itself (offset 12)
        [0xC0, 0x0E, 0x00, 0x00, 0x01, 0x00, 0x01],    // forward, to the root after it
        [0x01, 0x61, 0xC0, 0x0C],                      // back to the start of its own name: a loop
        [0xC0, 0x3F, 0xFF],                            // far past the end
    ])
    func badPointers(_ question: [UInt8]) {
        let header = DNSHeader(id: 0x1234, flags: 0x0100, questionCount: 1)
        #expect(throws: DNSParseError.malformed(header, .badPointer)) {
            try DNSQuery.parse(Self.message(question + [0, 1, 0, 1]))
        }
    }

    @Test("Follows a backward pointer, ending where the pointer ends")
    func backwardPointer() throws {
        // Not a real query shape (the only bytes before a question are the header), so read a name at offset 25
        // that points to one at 12, as in a response.
        let bytes = Self.message(Array(Self.exampleQuestion.prefix(13)) + [3] + Array("www".utf8) + [0xC0, 0x0C, 0xAA])
        let (name, next) = try DNSName.read(from: bytes, at: 25)
        #expect(name.text == "www.example.com")
        #expect(next == 31)
    }

    @Test("Refuses a chain of pointers that goes back up")
    func chainUp() {
        // offset 12: 'a' then a pointer to 16; offset 16: pointer to 12. Every target must be below all read so far.
        let bytes = Self.message([0x01, 0x61, 0xC0, 0x10, 0xC0, 0x0C])
        #expect(throws: DNSParseError.Problem.badPointer) { try DNSName.read(from: bytes, at: 16) }
    }

    @Test("Shows odd bytes in names as dig does")
    func presentation() {
        let name = DNSName(labels: [[UInt8(ascii: "a"), UInt8(ascii: "."), 0x00, 0xFF, UInt8(ascii: "\\"), 0x20], [0x41]])
        #expect(name.text == #"a\.\000\255\\\032.A"#)
    }

    @Test("Compares suffixes without ASCII case", arguments: [
        ("a.B.Example.COM", "example.com", true), ("example.com", "example.com", true), ("com", "example.com", false),
        ("a.example.org", "example.com", false), ("aexample.com", "example.com", false), ("x.y", ".", true),
    ])
    func suffix(_ name: String, _ suffix: String, _ expected: Bool) throws {
        let a = try #require(DNSName(name))
        let b = try #require(DNSName(suffix))
        #expect(a.hasSuffix(b) == expected)
    }

    @Test("Makes names from text, refusing empty and over-long labels")
    func fromText() {
        #expect(DNSName("example.com.")?.labels == [Array("example".utf8), Array("com".utf8)])
        #expect(DNSName("a..b") == nil)
        #expect(DNSName(String(repeating: "a", count: 64)) == nil)
        #expect(DNSName(Array(repeating: String(repeating: "a", count: 63), count: 4).joined(separator: ".")) == nil)
    }
}

/// Bytes from a hex string (test data only).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) }
}
