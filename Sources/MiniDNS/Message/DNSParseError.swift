/// Why a datagram is not a query the responder answers, and so what it does with it (`DNSReply.error(for:)`).
package enum DNSParseError: Error, Sendable, Equatable {
    /// What is wrong inside a message whose header could be read.
    package enum Problem: Error, Sendable, Equatable {
        /// The message ends inside the question.
        case truncated
        /// A label over 63 bytes.
        case labelTooLong
        /// A name over 255 bytes on the wire.
        case nameTooLong
        /// A compression pointer that does not point strictly backward (a loop, itself, or forward), or too many.
        case badPointer
        /// A label type other than a length or a pointer (the reserved 01 and 10 prefixes, RFC 6891 §5).
        case badLabelType
        /// QDCOUNT other than 1: the responder answers exactly one question per query, as every server does.
        case questionCount
        /// Records in the answer or authority section of a query.
        case unexpectedRecords
    }

    /// Fewer than 12 bytes: no header, so no id to answer with. Dropped.
    case truncatedHeader
    /// QR is set: a response, never answered (two responders would otherwise answer each other forever). Dropped.
    case notAQuery
    /// An opcode other than QUERY (0): answered NOTIMP.
    case unsupportedOpcode(DNSHeader)
    /// A query that cannot be read: answered FORMERR.
    case malformed(DNSHeader, Problem)
}
