/// The fixed 12-byte header of a DNS message (RFC 1035 §4.1.1).
package struct DNSHeader: Sendable, Equatable {
    /// The size of the header on the wire.
    package static let size = 12

    /// QR: the message is a response.
    package static let responseFlag: UInt16 = 0x8000
    /// AA: the answer comes from the zone's own server.
    package static let authoritativeFlag: UInt16 = 0x0400
    /// RD: the client asked for recursion; a response echoes it.
    package static let recursionDesiredFlag: UInt16 = 0x0100

    /// The query id a response repeats.
    package var id: UInt16
    /// The second 16 bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD and the response code.
    package var flags: UInt16
    /// QDCOUNT: questions.
    package var questionCount: UInt16
    /// ANCOUNT: answer records.
    package var answerCount: UInt16
    /// NSCOUNT: authority records.
    package var authorityCount: UInt16
    /// ARCOUNT: additional records (EDNS puts its OPT record here).
    package var additionalCount: UInt16

    /// Makes a header.
    package init(
        id: UInt16, flags: UInt16, questionCount: UInt16 = 0, answerCount: UInt16 = 0, authorityCount: UInt16 = 0,
        additionalCount: UInt16 = 0
    ) {
        self.id = id
        self.flags = flags
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    /// The header at the start of `bytes`, or nil when there are fewer than 12 bytes.
    package init?(_ bytes: [UInt8]) {
        guard bytes.count >= Self.size else { return nil }
        func word(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]) }
        self.init(
            id: word(0), flags: word(2), questionCount: word(4), answerCount: word(6), authorityCount: word(8),
            additionalCount: word(10))
    }

    /// Whether QR is set (the message is a response).
    package var isResponse: Bool { flags & Self.responseFlag != 0 }
    /// The 4-bit opcode; 0 is a standard query.
    package var opcode: UInt8 { UInt8((flags >> 11) & 0x0F) }
    /// Whether RD is set.
    package var recursionDesired: Bool { flags & Self.recursionDesiredFlag != 0 }
    /// The 4-bit response code.
    package var responseCode: DNSResponseCode? { DNSResponseCode(rawValue: UInt8(flags & 0x000F)) }

    /// Appends the 12 bytes, big-endian.
    package func write(to bytes: inout [UInt8]) {
        for word in [id, flags, questionCount, answerCount, authorityCount, additionalCount] {
            bytes.append(UInt8(word >> 8))
            bytes.append(UInt8(word & 0xFF))
        }
    }
}
