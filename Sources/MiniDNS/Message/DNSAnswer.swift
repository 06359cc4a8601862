/// What the responder's handler decides to answer to one query.
package enum DNSAnswer: Sendable, Equatable {
    /// An IPv4 address as four bytes.
    package struct IPv4: Sendable, Equatable {
        /// The bytes, most significant first.
        package let bytes: (UInt8, UInt8, UInt8, UInt8)

        /// Makes an address from its four bytes, most significant first.
        package init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
            bytes = (a, b, c, d)
        }

        /// Reads dotted-quad text such as `127.0.0.1`: four decimal parts 0–255, no leading zeros; nil otherwise.
        package init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var values: [UInt8] = []
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                    part == "0" || !part.hasPrefix("0"), let value = UInt8(part)
                else { return nil }
                values.append(value)
            }
            bytes = (values[0], values[1], values[2], values[3])
        }

        /// Compares the four bytes.
        package static func == (a: IPv4, b: IPv4) -> Bool {
            a.bytes.0 == b.bytes.0 && a.bytes.1 == b.bytes.1 && a.bytes.2 == b.bytes.2 && a.bytes.3 == b.bytes.3
        }
    }

    /// NOERROR, authoritative, one A record for the question's name.
    case address(IPv4, ttl: UInt32)
    /// NOERROR, authoritative, no records (another type under a served name).
    case noData
    /// REFUSED: a name outside the zones served.
    case refused
    /// SERVFAIL: the server could not answer now.
    case serverFailure
}
