/// A standard query with one question, read from a datagram (RFC 1035 §4.1).
///
/// Only the header and the question are read. The answer and authority counts must be 0; the additional section
/// (an EDNS OPT record, RFC 6891, or anything else) is never walked, so a huge ARCOUNT costs nothing, and bytes after
/// the question are ignored. The work per datagram is bounded by its size.
package struct DNSQuery: Sendable, Equatable {
    /// The header as received.
    package var header: DNSHeader
    /// The one question.
    package var question: DNSQuestion

    /// Makes a query.
    package init(header: DNSHeader, question: DNSQuestion) {
        self.header = header
        self.question = question
    }

    /// Reads a query from a datagram.
    /// - Throws: `DNSParseError`, which says whether to drop the datagram or answer FORMERR or NOTIMP.
    package static func parse(_ bytes: [UInt8]) throws(DNSParseError) -> DNSQuery {
        guard let header = DNSHeader(bytes) else { throw .truncatedHeader }
        guard !header.isResponse else { throw .notAQuery }
        guard header.opcode == 0 else { throw .unsupportedOpcode(header) }
        guard header.questionCount == 1 else { throw .malformed(header, .questionCount) }
        guard header.answerCount == 0, header.authorityCount == 0 else { throw .malformed(header, .unexpectedRecords) }
        let name: DNSName
        let next: Int
        do {
            (name, next) = try DNSName.read(from: bytes, at: DNSHeader.size)
        } catch {
            throw .malformed(header, error)
        }
        guard next + 4 <= bytes.count else { throw .malformed(header, .truncated) }
        let type = UInt16(bytes[next]) << 8 | UInt16(bytes[next + 1])
        let dnsClass = UInt16(bytes[next + 2]) << 8 | UInt16(bytes[next + 3])
        return DNSQuery(header: header, question: DNSQuestion(name: name, type: type, dnsClass: dnsClass))
    }

    /// The query as bytes: the header with QDCOUNT 1 and other counts 0, then the question (for tests and tools).
    package func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        var header = header
        header.questionCount = 1
        header.answerCount = 0
        header.authorityCount = 0
        header.additionalCount = 0
        header.write(to: &bytes)
        question.write(to: &bytes)
        return bytes
    }
}
