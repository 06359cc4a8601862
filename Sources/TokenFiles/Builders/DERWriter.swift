import Basics

/// The few DER encodings (ITU-T X.690 §8, §10) a self-signed X.509 certificate and a PKCS #8 key need. Each function
/// returns one complete TLV; nest them by passing their results to `sequence`.
package enum DERWriter {
    /// A tag, its definite length (short form below 128, long form above) and the content.
    package static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [tag]
        if content.count < 0x80 {
            out.append(UInt8(content.count))
        } else {
            var length = content.count
            var lengthBytes: [UInt8] = []
            while length > 0 {
                lengthBytes.insert(UInt8(length & 0xFF), at: 0)
                length >>= 8
            }
            out.append(0x80 | UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
        out.append(contentsOf: content)
        return out
    }

    /// SEQUENCE of those encodings.
    package static func sequence(_ items: [[UInt8]]) -> [UInt8] { tlv(0x30, items.flatMap { $0 }) }

    /// SET of those encodings (callers pass one item, so no DER sorting is needed).
    package static func set(_ items: [[UInt8]]) -> [UInt8] { tlv(0x31, items.flatMap { $0 }) }

    /// A non-negative INTEGER from big-endian magnitude bytes: leading zeros dropped, a 0x00 added when the top bit
    /// is set so the value stays positive (X.690 §8.3.2).
    package static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        var bytes = Array(magnitude.drop { $0 == 0 })
        if bytes.isEmpty { bytes = [0] }
        if let first = bytes.first, first & 0x80 != 0 { bytes.insert(0, at: 0) }
        return tlv(0x02, bytes)
    }

    /// A small non-negative INTEGER.
    package static func integer(_ value: Int) -> [UInt8] {
        var magnitude: [UInt8] = []
        var rest = Swift.max(0, value)
        repeat {
            magnitude.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        return unsignedInteger(magnitude)
    }

    /// An OBJECT IDENTIFIER from its arcs (X.690 §8.19: first two arcs folded, base-128 with continuation bits).
    package static func objectIdentifier(_ arcs: [UInt]) -> [UInt8] {
        guard arcs.count >= 2 else { return tlv(0x06, []) }
        var content: [UInt8] = []
        for arc in [arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            content.append(contentsOf: chunk)
        }
        return tlv(0x06, content)
    }

    /// NULL.
    package static let null: [UInt8] = [0x05, 0x00]

    /// UTF8String.
    package static func utf8String(_ text: String) -> [UInt8] { tlv(0x0C, Array(text.utf8)) }

    /// BIT STRING with no unused bits.
    package static func bitString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x03, [0] + bytes) }

    /// OCTET STRING.
    package static func octetString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }

    /// A certificate validity time as RFC 5280 §4.1.2.5 asks: UTCTime `YYMMDDHHMMSSZ` for the years 1950–2049,
    /// GeneralizedTime `YYYYMMDDHHMMSSZ` outside them (reachable when the mock's clock is set far ahead).
    package static func utcTime(_ time: CivilTime) -> [UInt8] {
        let rest = CivilTime.padded(time.month, 2) + CivilTime.padded(time.day, 2) + CivilTime.padded(time.hour, 2)
            + CivilTime.padded(time.minute, 2) + CivilTime.padded(time.second, 2) + "Z"
        if (1950...2049).contains(time.year) {
            return tlv(0x17, Array((CivilTime.padded(time.year % 100, 2) + rest).utf8))
        }
        return tlv(0x18, Array((CivilTime.padded(time.year, 4) + rest).utf8))
    }

    /// A constructed context-specific tag `[number]` around one encoding (EXPLICIT tagging).
    package static func explicit(_ number: UInt8, _ inner: [UInt8]) -> [UInt8] { tlv(0xA0 | number, inner) }

    /// Text in PEM form (RFC 7468): the label lines around base64 wrapped at 64 characters.
    package static func pem(_ label: String, _ der: [UInt8]) -> String {
        let body = Base64.encode(der)
        var lines: [String] = ["-----BEGIN \(label)-----"]
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(String(body[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}
