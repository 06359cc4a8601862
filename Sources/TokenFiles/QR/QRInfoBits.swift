/// The BCH-protected format and version information words (ISO/IEC 18004 §7.9 and §7.10, Annex C and D).
package enum QRInfoBits {
    /// Level M's two error-correction level bits in the format information (Table 12: L 01, M 00, Q 11, H 10).
    package static let levelMBits: UInt32 = 0b00

    /// The 15-bit format information for level M and a mask 0...7: the 5 data bits, their BCH(15,5) remainder by
    /// the generator x^10 + x^8 + x^5 + x^4 + x^2 + x + 1 (0x537), XOR 0x5412 (§7.9.1) so that it is never all zero.
    package static func format(mask: Int) -> UInt32 {
        precondition((0...7).contains(mask), "QR mask out of range")
        let data = levelMBits << 3 | UInt32(mask)
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder & 0x3FF) ^ 0x5412
    }

    /// The 18-bit version information for a version 7...40: 6 data bits and their BCH(18,6) remainder by the
    /// generator x^12 + x^11 + x^10 + x^9 + x^8 + x^5 + x^2 + 1 (0x1F25), §7.10; not masked.
    package static func version(_ version: Int) -> UInt32 {
        precondition((7...40).contains(version), "QR version information exists for versions 7...40 only")
        var remainder = UInt32(version)
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return UInt32(version) << 12 | remainder & 0xFFF
    }
}
