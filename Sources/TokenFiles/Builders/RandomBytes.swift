import Basics

/// Random bytes and identifiers for generated fields, from `SecureRandom`.
package enum RandomBytes {
    /// `count` random bytes.
    package static func make(_ count: Int) -> [UInt8] {
        SecureRandom.bytes(count)
    }

    /// A random version 4 UUID in lowercase text (RFC 9562 §5.4), as Azure uses for app and tenant ids.
    package static func uuid() -> String {
        var bytes = make(16)
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // variant 10
        let hex = hexString(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    /// `count` random decimal digits, the first one not zero.
    package static func digits(_ count: Int) -> String {
        String((0..<count).map { position in Character(String(SecureRandom.int(in: (position == 0 ? 1 : 0)...9))) })
    }

    /// Lowercase hexadecimal of those bytes.
    package static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
