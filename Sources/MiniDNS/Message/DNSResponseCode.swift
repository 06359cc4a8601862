/// The response codes the responder sends (RFC 1035 §4.1.1, RFC 6895 §2.3).
package enum DNSResponseCode: UInt8, Sendable, Equatable {
    /// NOERROR.
    case noError = 0
    /// FORMERR: the query could not be read.
    case formatError = 1
    /// SERVFAIL: the server could not answer (here: the hit could not be saved).
    case serverFailure = 2
    /// NXDOMAIN.
    case nameError = 3
    /// NOTIMP: an opcode other than QUERY.
    case notImplemented = 4
    /// REFUSED: a name outside the zones served.
    case refused = 5
}
