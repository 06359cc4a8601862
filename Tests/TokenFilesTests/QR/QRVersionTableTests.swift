import Testing
@testable import TokenFiles

@Suite struct QRVersionTableTests {
    @Test("Every version's blocks fill exactly the codewords its modules hold (Table 1), remainder bits as specified")
    func codewordTotals() {
        // ISO/IEC 18004 Table 1: remainder bits 0 (v1), 7 (v2-6), 0 (v7-13), 3 (v14-20), 4 (v21-27), 3 (v28-34), 0.
        func remainder(_ version: Int) -> Int {
            switch version {
            case 2...6: 7
            case 14...20, 28...34: 3
            case 21...27: 4
            default: 0
            }
        }
        for version in QRVersionTable.versions {
            let layout = QRVersionTable.layout(version: version)
            let modules = QRVersionTable.dataModules(version: version)
            #expect(layout.dataCodewords + layout.ecCodewords == modules / 8, "version \(version)")
            #expect(modules % 8 == remainder(version), "version \(version)")
            // Group 2 blocks, when present, hold exactly one more data codeword than group 1 blocks.
            if layout.groups.count == 2 { #expect(layout.groups[1].dataCodewords == layout.groups[0].dataCodewords + 1) }
        }
        #expect(QRVersionTable.dataModules(version: 1) == 208)
        #expect(QRVersionTable.dataModules(version: 40) == 29648)
    }

    @Test("Level M byte capacities equal ISO/IEC 18004 Table 7")
    func capacities() {
        let table7 = [
            14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
            711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099,
            2213, 2331,
        ]
        #expect(QRVersionTable.versions.map(QRVersionTable.byteCapacity(version:)) == table7)
    }

    @Test("Capacities agree with what libqrencode fits into each version (fixtures/files/qr/capacities.txt)")
    func capacitiesMatchQrencode() {
        let reference = QRFixtures.capacities
        #expect(reference.count == 40)
        for version in QRVersionTable.versions {
            #expect(QRVersionTable.byteCapacity(version: version) == reference[version], "version \(version)")
        }
    }

    @Test("Alignment centres follow Annex E: first 6, last size - 7, even equal steps from the far end")
    func alignment() {
        #expect(QRVersionTable.alignmentPositions(version: 1).isEmpty)
        for version in 2...40 {
            let count = version / 7 + 2
            let size = QRVersionTable.size(version: version)
            let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
            let expected = [6] + (0..<count - 1).map { size - 7 - $0 * step }.reversed()
            #expect(QRVersionTable.alignmentPositions(version: version) == expected, "version \(version)")
        }
    }

    @Test("Smallest version: the largest input that fits version N stays in N, one byte more moves to N + 1")
    func boundaries() throws {
        for version in QRVersionTable.versions {
            let capacity = QRVersionTable.byteCapacity(version: version)
            #expect(QRVersionTable.smallestVersion(forBytes: capacity) == version)
            #expect(QRVersionTable.smallestVersion(forBytes: capacity + 1) == (version == 40 ? nil : version + 1))
            // Through the encoder (mask forced, so that no penalty scoring slows this down).
            let fits = try QREncoder.encode([UInt8](repeating: 0x41, count: capacity), mask: 0)
            #expect(fits.version == version)
            #expect(fits.matrix.size == 17 + 4 * version)
            if version < 40 {
                #expect(try QREncoder.encode([UInt8](repeating: 0x41, count: capacity + 1), mask: 0).version == version + 1)
            }
        }
        #expect(QRVersionTable.smallestVersion(forBytes: 0) == 1)
    }
}
