/// Percent-encoding of names and values for query strings and url-encoded forms (RFC 3986 §2.1).
package enum PercentEncoding {
    /// Escapes every byte of the UTF-8 text except the unreserved characters of RFC 3986 §2.3
    /// (`A-Z a-z 0-9 - . _ ~`), with uppercase hex; a space becomes `+` when `spaceAsPlus`, else `%20`.
    package static func encode(_ s: String, spaceAsPlus: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " ") where spaceAsPlus:
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        // Only ASCII was written.
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes pairs as `name=value&name=value`.
    package static func encode(_ pairs: [(String, String)], spaceAsPlus: Bool) -> String {
        pairs.map { encode($0.0, spaceAsPlus: spaceAsPlus) + "=" + encode($0.1, spaceAsPlus: spaceAsPlus) }
            .joined(separator: "&")
    }
}
