import Testing
@testable import TokenFiles

@Suite struct QRInfoBitsTests {
    @Test("Format information for level M, masks 0-7, equals ISO/IEC 18004 Table C.1")
    func format() {
        let tableC1: [UInt32] = [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]
        #expect(QRMask.all.map(QRInfoBits.format(mask:)) == tableC1)
    }

    @Test("Version information for versions 7-40 equals ISO/IEC 18004 Table D.1")
    func version() {
        let tableD1: [UInt32] = [
            0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78,
            0x1145D, 0x12A17, 0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB,
            0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75, 0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B,
            0x2542E, 0x26A64, 0x27541, 0x28C69,
        ]
        #expect((7...40).map(QRInfoBits.version) == tableD1)
    }

    @Test("Format bits sit where Figure 25 puts them, both copies, and the dark module is set")
    func formatPlacement() throws {
        let symbol = try QREncoder.encode("http://x.io/a", mask: 5)
        let bits = QRInfoBits.format(mask: 5)
        let matrix = symbol.matrix, size = matrix.size
        // Bit 14 (most significant) first along row 8 from the left, skipping the timing column.
        let firstCopy = [(8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5), (8, 7), (8, 8),
                         (7, 8), (5, 8), (4, 8), (3, 8), (2, 8), (1, 8), (0, 8)]
        let secondCopy = (0..<7).map { (size - 1 - $0, 8) } + (0..<8).map { (8, size - 8 + $0) }
        for (index, (row, column)) in firstCopy.enumerated() {
            #expect(matrix[row, column] == ((bits >> UInt32(14 - index)) & 1 == 1), "copy 1 bit \(14 - index)")
        }
        for (index, (row, column)) in secondCopy.enumerated() {
            #expect(matrix[row, column] == ((bits >> UInt32(14 - index)) & 1 == 1), "copy 2 bit \(14 - index)")
        }
        #expect(matrix[size - 8, 8])
    }

    @Test("Version 7+ symbols carry the version bits in both 6x3 blocks")
    func versionPlacement() throws {
        let symbol = try QREncoder.encode([UInt8](repeating: 0x61, count: 123), mask: 0)
        #expect(symbol.version == 8)
        let bits = QRInfoBits.version(8), size = symbol.matrix.size
        for index in 0..<18 {
            let dark = (bits >> UInt32(index)) & 1 == 1
            #expect(symbol.matrix[index / 3, size - 11 + index % 3] == dark)
            #expect(symbol.matrix[size - 11 + index % 3, index / 3] == dark)
        }
    }
}
