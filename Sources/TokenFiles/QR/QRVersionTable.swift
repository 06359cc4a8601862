/// The per-version facts of ISO/IEC 18004 for error-correction level M: symbol size, error-correction blocks
/// (Table 9), alignment pattern centres (Annex E, Table E.1) and byte-mode capacity.
package enum QRVersionTable {
    /// One error-correction block group: `count` blocks of `dataCodewords` data codewords each.
    package struct BlockGroup: Sendable, Equatable {
        /// How many blocks the group has.
        package let count: Int
        /// Data codewords in each block of the group.
        package let dataCodewords: Int
    }

    /// How a version's codewords split into blocks at level M.
    package struct Layout: Sendable, Equatable {
        /// Error-correction codewords per block (the same for every block of a version).
        package let ecCodewordsPerBlock: Int
        /// The groups, shorter blocks first (one or two groups).
        package let groups: [BlockGroup]

        /// Number of blocks.
        package var blockCount: Int { groups.reduce(0) { $0 + $1.count } }
        /// Data codewords over all blocks.
        package var dataCodewords: Int { groups.reduce(0) { $0 + $1.count * $1.dataCodewords } }
        /// Error-correction codewords over all blocks.
        package var ecCodewords: Int { blockCount * ecCodewordsPerBlock }
    }

    /// Smallest and largest version.
    package static let versions = 1...40

    /// Modules per side of a symbol of that version.
    package static func size(version: Int) -> Int { 17 + 4 * version }

    /// Level M block layout per version, ISO/IEC 18004:2015 Table 9; index 0 is version 1.
    /// Each row: EC codewords per block, then (blocks, data codewords) for group 1 and, where present, group 2.
    private static let levelM: [(Int, Int, Int, Int, Int)] = [
        (10, 1, 16, 0, 0), (16, 1, 28, 0, 0), (26, 1, 44, 0, 0), (18, 2, 32, 0, 0), (24, 2, 43, 0, 0),  // 1–5
        (16, 4, 27, 0, 0), (18, 4, 31, 0, 0), (22, 2, 38, 2, 39), (22, 3, 36, 2, 37), (26, 4, 43, 1, 44),  // 6–10
        (30, 1, 50, 4, 51), (22, 6, 36, 2, 37), (22, 8, 37, 1, 38), (24, 4, 40, 5, 41), (24, 5, 41, 5, 42),  // 11–15
        (28, 7, 45, 3, 46), (28, 10, 46, 1, 47), (26, 9, 43, 4, 44), (26, 3, 44, 11, 45), (26, 3, 41, 13, 42),  // 16–20
        (26, 17, 42, 0, 0), (28, 17, 46, 0, 0), (28, 4, 47, 14, 48), (28, 6, 45, 14, 46), (28, 8, 47, 13, 48),  // 21–25
        (28, 19, 46, 4, 47), (28, 22, 45, 3, 46), (28, 3, 45, 23, 46), (28, 21, 45, 7, 46), (28, 19, 47, 10, 48),  // 26–30
        (28, 2, 46, 29, 47), (28, 10, 46, 23, 47), (28, 14, 46, 21, 47), (28, 14, 46, 23, 47), (28, 12, 47, 26, 48),  // 31–35
        (28, 6, 47, 34, 48), (28, 29, 46, 14, 47), (28, 13, 46, 32, 47), (28, 40, 47, 7, 48), (28, 18, 47, 31, 48),  // 36–40
    ]

    /// Alignment pattern centre coordinates (rows and columns alike) per version, Annex E; index 0 is version 1.
    private static let alignmentCentres: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],  // 1–6
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],  // 7–13
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],  // 14–19
        [6, 34, 62, 90],  // 20
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],  // 21–24
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],  // 25–27
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],  // 28–30
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],  // 31–33
        [6, 34, 62, 90, 118, 146],  // 34
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],  // 35–37
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],  // 38–40
    ]

    /// The level M block layout of a version in 1...40.
    package static func layout(version: Int) -> Layout {
        precondition(versions.contains(version), "QR version out of range")
        let row = levelM[version - 1]
        var groups = [BlockGroup(count: row.1, dataCodewords: row.2)]
        if row.3 > 0 { groups.append(BlockGroup(count: row.3, dataCodewords: row.4)) }
        return Layout(ecCodewordsPerBlock: row.0, groups: groups)
    }

    /// Alignment pattern centre coordinates of a version in 1...40 (empty for version 1).
    package static func alignmentPositions(version: Int) -> [Int] {
        precondition(versions.contains(version), "QR version out of range")
        return alignmentCentres[version - 1]
    }

    /// Modules available for codewords (everything but function patterns, format and version information),
    /// §7.1/Table 1: codewords are this over 8, and the rest are remainder bits.
    package static func dataModules(version: Int) -> Int {
        let size = size(version: version)
        var modules = size * size
        modules -= 3 * 64  // finder patterns with separators
        modules -= 2 * 15 + 1  // format information (two copies) and the dark module
        modules -= 2 * (size - 16)  // timing patterns between the separators
        let centres = alignmentPositions(version: version).count
        if centres > 0 {
            // centres² positions minus the three under finders; those on a timing pattern overlap it by 5 modules.
            modules -= (centres * centres - 3) * 25
            modules += 2 * (centres - 2) * 5
        }
        if version >= 7 { modules -= 2 * 18 }
        return modules
    }

    /// Width in bits of the byte-mode character count indicator (Table 3).
    package static func countIndicatorBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes version `version` holds at level M in one byte-mode segment.
    package static func byteCapacity(version: Int) -> Int {
        (layout(version: version).dataCodewords * 8 - 4 - countIndicatorBits(version: version)) / 8
    }

    /// The smallest version whose level M byte capacity is at least `count`, or nil when even version 40 is too small.
    package static func smallestVersion(forBytes count: Int) -> Int? {
        versions.first { byteCapacity(version: $0) >= count }
    }
}
