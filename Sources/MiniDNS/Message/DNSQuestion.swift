/// The question of a query: the name, type and class asked for (RFC 1035 §4.1.2).
package struct DNSQuestion: Sendable, Equatable {
    /// TYPE A: an IPv4 address.
    package static let typeA: UInt16 = 1
    /// TYPE AAAA: an IPv6 address (RFC 3596).
    package static let typeAAAA: UInt16 = 28
    /// CLASS IN: the Internet.
    package static let classIN: UInt16 = 1

    /// The name asked for, as sent.
    package var name: DNSName
    /// QTYPE.
    package var type: UInt16
    /// QCLASS.
    package var dnsClass: UInt16

    /// Makes a question.
    package init(name: DNSName, type: UInt16, dnsClass: UInt16 = DNSQuestion.classIN) {
        self.name = name
        self.type = type
        self.dnsClass = dnsClass
    }

    /// Appends the question, the name without compression.
    package func write(to bytes: inout [UInt8]) {
        name.write(to: &bytes)
        for word in [type, dnsClass] {
            bytes.append(UInt8(word >> 8))
            bytes.append(UInt8(word & 0xFF))
        }
    }
}
