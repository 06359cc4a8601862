/// Builds the responder's answers (RFC 1035 §4.1).
package enum DNSReply {
    /// The answer to a query: the query's id, QR, the query's opcode and RD, AA on NOERROR answers, the response
    /// code, the question again (uncompressed), and for `.address` one A record whose name is a pointer to the
    /// question's (`c0 0c`). No EDNS OPT record, so a client that sent one knows its options were not read (RFC 6891
    /// §7). At most 12 + 259 + 16 bytes: always fits the 512 bytes every client accepts.
    package static func answer(_ query: DNSQuery, _ answer: DNSAnswer) -> [UInt8] {
        let code: DNSResponseCode
        let authoritative: Bool
        switch answer {
        case .address, .noData: (code, authoritative) = (.noError, true)
        case .refused: (code, authoritative) = (.refused, false)
        case .serverFailure: (code, authoritative) = (.serverFailure, false)
        }
        var recordCount: UInt16 = 0
        if case .address = answer { recordCount = 1 }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(DNSHeader.size + query.question.name.wireLength + 4 + 16)
        DNSHeader(
            id: query.header.id, flags: flags(for: query.header, code: code, authoritative: authoritative),
            questionCount: 1, answerCount: recordCount
        ).write(to: &bytes)
        query.question.write(to: &bytes)
        if case .address(let address, let ttl) = answer {
            // NAME: a pointer to offset 12, where the question's name starts.
            bytes += [0xC0, 0x0C]
            bytes += [0x00, UInt8(DNSQuestion.typeA), 0x00, UInt8(DNSQuestion.classIN)]
            bytes += [UInt8(ttl >> 24), UInt8((ttl >> 16) & 0xFF), UInt8((ttl >> 8) & 0xFF), UInt8(ttl & 0xFF)]
            bytes += [0x00, 0x04, address.bytes.0, address.bytes.1, address.bytes.2, address.bytes.3]
        }
        return bytes
    }

    /// The answer to a datagram that is not a readable query: FORMERR or NOTIMP with the id, opcode and RD of the
    /// header and no sections (the question may be what could not be read); nil when the datagram is dropped (no
    /// header, or a response).
    package static func error(for error: DNSParseError) -> [UInt8]? {
        let header: DNSHeader
        let code: DNSResponseCode
        switch error {
        case .truncatedHeader, .notAQuery: return nil
        case .unsupportedOpcode(let received): (header, code) = (received, .notImplemented)
        case .malformed(let received, _): (header, code) = (received, .formatError)
        }
        var bytes: [UInt8] = []
        DNSHeader(id: header.id, flags: flags(for: header, code: code, authoritative: false)).write(to: &bytes)
        return bytes
    }

    /// QR, the query's opcode and RD, AA when asked, and the code; TC, RA, Z, AD and CD clear.
    private static func flags(for query: DNSHeader, code: DNSResponseCode, authoritative: Bool) -> UInt16 {
        var flags = DNSHeader.responseFlag | (query.flags & 0x7800) | (query.flags & DNSHeader.recursionDesiredFlag)
        if authoritative { flags |= DNSHeader.authoritativeFlag }
        return flags | UInt16(code.rawValue)
    }
}
