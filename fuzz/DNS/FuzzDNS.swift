import CanaryAPI
import MiniDNS

/// libFuzzer entry point: the input is one datagram sent to the DNS responder.
///
/// Properties checked:
/// - parsing never crashes or hangs (loops of compression pointers, over-long names and labels, any counts);
/// - an error is dropped only for a datagram shorter than a header or a response, and is otherwise answered by a
///   12-byte header with the query's id, QR set and FORMERR or NOTIMP;
/// - a query's answers (every kind) start with its id and QR, carry its question, and read back, with QR cleared, as
///   the same question; the query written back as bytes parses to the same query;
/// - the DNS channel's decision for the question never crashes, and a hit's id is 25 lowercase letters and digits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let query: DNSQuery
    do {
        query = try DNSQuery.parse(bytes)
    } catch {
        let reply = DNSReply.error(for: error)
        switch error {
        case .truncatedHeader:
            check(bytes.count < DNSHeader.size && reply == nil, "short datagram answered")
        case .notAQuery:
            check(bytes[2] & 0x80 != 0 && reply == nil, "response answered, or a query taken for one")
        case .unsupportedOpcode, .malformed:
            check(reply?.count == DNSHeader.size && reply?[0] == bytes[0] && reply?[1] == bytes[1], "error header")
            check((reply?[2] ?? 0) & 0x80 != 0, "error without QR")
        }
        return 0
    }
    check(try DNSQuery.parse(query.encoded()) == normalized(query), "re-parse of the query")
    for answer in [DNSAnswer.address(DNSAnswer.IPv4(127, 0, 0, 1), ttl: 10), .noData, .refused, .serverFailure] {
        var reply = DNSReply.answer(query, answer)
        check(reply.count <= 512, "reply over 512 bytes")
        check(reply[0] == bytes[0] && reply[1] == bytes[1] && reply[2] & 0x80 != 0, "reply header")
        reply[2] &= 0x7F
        reply[6] = 0
        reply[7] = 0
        check((try? DNSQuery.parse(reply))?.question == query.question, "reply's question")
    }
    for domain in [DNSName("canarytokens.localhost"), DNSName(labels: []), query.question.name] {
        if case .hit(let id, let fields) = DNSChannel.decide(query.question, domain: domain) {
            check(id.utf8.count == 25 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) },
                  "hit id \(id)")
            check(fields["hostname"] != nil, "hit without hostname")
        }
    }
    return 0
}

/// The query as `encoded()` writes it: QDCOUNT 1, the other counts 0.
private func normalized(_ query: DNSQuery) -> DNSQuery {
    var query = query
    query.header.answerCount = 0
    query.header.authorityCount = 0
    query.header.additionalCount = 0
    return query
}

private func check(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String) {
    if (try? condition()) != true { fatalError("FuzzDNS: \(message())") }
}
