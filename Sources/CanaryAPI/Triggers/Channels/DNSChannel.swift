import MiniDNS
import MiniHTTP

/// The DNS channel (docs/dns.md): what the responder answers to a question, and which questions are hits on a token.
/// A hit goes through the trigger pipeline before the answer is sent, so the incident is committed when the client
/// sees its A record.
package struct DNSChannel: Sendable {
    /// What a question asks for, before any token is looked up.
    package enum Decision: Sendable, Equatable {
        /// A name outside the token domain: REFUSED.
        case refused
        /// A name under the domain, a type other than A (or a class other than IN): NOERROR with no records.
        case noData
        /// An A query under the domain holding no token id: the A record, nothing recorded.
        case address
        /// An A query holding a token id (lowercase) with the event fields it carries: the A record, and the hit
        /// handed to the pipeline (which ignores unknown and disabled tokens).
        case hit(canarytoken: String, fields: [String: JSONValue])
    }

    /// The TTL of the A record, as the token server answers (docs/dns.md).
    package static let ttl: UInt32 = 10
    /// Length of a token id label.
    private static let tokenLength = 25

    private let domain: DNSName?
    private let address: DNSAnswer.IPv4
    private let triggers: TriggerPipeline

    /// The channel of one console: its token domain, answer address and pipeline.
    package init(context: ConsoleContext) {
        domain = DNSName(context.configuration.tokenDomain)
        // The setting is checked to be dotted-quad IPv4 when loaded (docs/api.md §5); the fallback is its default.
        address = DNSAnswer.IPv4(context.configuration.dnsAnswerIP) ?? DNSAnswer.IPv4(127, 0, 0, 1)
        triggers = context.triggers
    }

    /// The responder's handler: decides, records a hit, and answers. A hit that cannot be saved is answered
    /// SERVFAIL, so the resolver asks again instead of caching an answer for an event that is lost.
    package func answer(_ query: DNSQuery, from peer: DNSPeer) -> DNSAnswer {
        switch Self.decide(query.question, domain: domain) {
        case .refused:
            return .refused
        case .noData:
            return .noData
        case .address:
            return .address(address, ttl: Self.ttl)
        case .hit(let canarytoken, let fields):
            let trigger = Trigger(
                canarytoken: canarytoken, channel: .dns, srcIP: Self.sourceAddress(peer.address), srcPort: peer.port,
                fields: fields)
            do {
                // Every outcome (recorded, unknown, disabled, ignored) gets the same answer (docs/dns.md).
                _ = try triggers.record(trigger)
            } catch {
                return .serverFailure
            }
            return .address(address, ttl: Self.ttl)
        }
    }

    /// The decision for one question under `domain` (nil: a token domain that is not a DNS name; everything is
    /// refused).
    package static func decide(_ question: DNSQuestion, domain: DNSName?) -> Decision {
        guard let domain, question.name.hasSuffix(domain) else { return .refused }
        guard question.type == DNSQuestion.typeA, question.dnsClass == DNSQuestion.classIN else { return .noData }
        let labels = Array(question.name.labels.dropLast(domain.labels.count))
        // The rightmost label of exactly 25 letters and digits, as the token server finds ids (docs/dns.md).
        guard let index = labels.lastIndex(where: isTokenLabel) else { return .address }
        let canarytoken = String(decoding: labels[index].map(DNSName.lower), as: UTF8.self)
        var fields: [String: JSONValue] = ["hostname": .string(question.name.text)]
        let prefix = Array(labels[..<index])
        if let marker = prefix.last {
            let data = Array(prefix.dropLast())
            if DNSName.equalIgnoringCase(marker, Array("INI".utf8)), data.count == 3 || data.count == 2 {
                // <user>.<computer>.<domain>.INI.<id>: Explorer's %USERNAME%.%COMPUTERNAME%.%USERDOMAIN%; an empty
                // %USERDOMAIN% leaves two labels.
                fields["windows_desktopini_access_username"] = .string(text(data[0]))
                fields["windows_desktopini_computer_name"] = .string(text(data[1]))
                fields["windows_desktopini_access_domain"] = .string(data.count == 3 ? text(data[2]) : "")
            } else if isGenericMarker(marker), !data.isEmpty, data.allSatisfy({ $0.allSatisfy(isBase32Digit) }) {
                fields["generic_data"] = .string(genericData(data))
            }
        }
        return .hit(canarytoken: canarytoken, fields: fields)
    }

    // MARK: - Names

    private static func isTokenLabel(_ label: [UInt8]) -> Bool {
        label.count == tokenLength && label.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
    }

    /// `G` and two digits, either case.
    private static func isGenericMarker(_ label: [UInt8]) -> Bool {
        label.count == 3 && DNSName.lower(label[0]) == UInt8(ascii: "g")
            && (0x30...0x39).contains(label[1]) && (0x30...0x39).contains(label[2])
    }

    /// One label as it appears in the name's text.
    private static func text(_ label: [UInt8]) -> String { DNSName(labels: [label]).text }

    /// The peer's address; an IPv4 client of a socket bound to `::` arrives as `::ffff:a.b.c.d` and is shown as
    /// `a.b.c.d`, the address it sent from.
    private static func sourceAddress(_ address: String) -> String {
        let mapped = "::ffff:"
        guard address.hasPrefix(mapped) else { return address }
        let rest = String(address.dropFirst(mapped.count))
        return DNSAnswer.IPv4(rest) != nil ? rest : address
    }

    // MARK: - Generic data

    /// The generic data form `<base32 labels>.G<nn>.<id>` (https://docs.canarytokens.org/guide/dns-token.html):
    /// the labels joined, base32 without padding (RFC 4648 §6, either case); the text when it is UTF-8, else lowercase
    /// hex; a length no base32 text has (1, 3 or 6 past a multiple of 8) is shown as the token server shows it,
    /// `Unrecoverable data: <labels>`.
    private static func genericData(_ labels: [[UInt8]]) -> String {
        let digits = labels.flatMap { $0 }
        guard let bytes = base32Decode(digits) else {
            return "Unrecoverable data: " + labels.map(text).joined(separator: ".")
        }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        let hexDigits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    private static func isBase32Digit(_ byte: UInt8) -> Bool { base32Value(byte) != nil }

    /// RFC 4648 §6: A–Z are 0–25, 2–7 are 26–31; lowercase read as uppercase.
    private static func base32Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x41...0x5A: byte - 0x41
        case 0x61...0x7A: byte - 0x61
        case 0x32...0x37: byte - 0x32 + 26
        default: nil
        }
    }

    /// Decodes unpadded base32; nil for a length that no encoding produces. Bits left over past the last whole
    /// byte are dropped, as Python's `base64.b32decode` does with the padding put back.
    private static func base32Decode(_ digits: [UInt8]) -> [UInt8]? {
        guard ![1, 3, 6].contains(digits.count % 8) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for digit in digits {
            guard let value = base32Value(digit) else { return nil }
            buffer = (buffer << 5 | UInt32(value)) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}
