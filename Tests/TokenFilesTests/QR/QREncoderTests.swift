import Testing
@testable import TokenFiles

@Suite struct QREncoderTests {
    @Test("Byte-mode data codewords: mode 0100, 8-bit count, bytes, terminator, 0xEC 0x11 padding")
    func dataCodewords() {
        let expected: [UInt8] = [0x40, 0x56, 0x86, 0x56, 0xC6, 0xC6, 0xF0] + [0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC]
        #expect(QRCodewords.data(Array("hello".utf8), version: 1) == expected)
        // Version 10+ uses a 16-bit count; a full symbol gets a short terminator and no padding.
        let ten = QRCodewords.data([0xFF], version: 10)
        #expect(Array(ten.prefix(4)) == [0x40, 0x00, 0x1F, 0xF0])
        #expect(ten.count == 216)
        let full = QRCodewords.data([UInt8](repeating: 0x41, count: 14), version: 1)
        #expect(full == [0x40, 0xE4] + [UInt8](repeating: 0x14, count: 13) + [0x10])
    }

    @Test("Interleaving takes data codewords column-wise over blocks, longer blocks last, then EC codewords")
    func interleaving() {
        let data = (0..<154).map { UInt8($0) }  // version 8-M: 2 blocks of 38 and 2 of 39
        let out = QRCodewords.interleaved(data: data, version: 8)
        #expect(out.count == 154 + 4 * 22)
        #expect(Array(out.prefix(8)) == [0, 38, 76, 115, 1, 39, 77, 116])
        #expect(Array(out[148..<154]) == [37, 75, 113, 152, 114, 153])
        let firstBlockEC = ReedSolomon.errorCorrection(for: Array(data[0..<38]), degree: 22)
        let lastBlockEC = ReedSolomon.errorCorrection(for: Array(data[115..<154]), degree: 22)
        #expect(out[154] == firstBlockEC[0] && out[157] == lastBlockEC[0])
        #expect(out[154 + 4 * 21] == firstBlockEC[21] && out[154 + 4 * 21 + 3] == lastBlockEC[21])
    }

    @Test("Matches libqrencode's matrix (mask choice included)", arguments: QRFixtures.cases)
    func matchesQrencode(_ fixture: QRFixtures.Case) throws {
        let symbol = try QREncoder.encode(fixture.text)
        let reference = QRFixtures.read("\(fixture.name).txt")
        #expect(symbol.matrix.size == 17 + 4 * symbol.version)
        #expect(symbol.matrix.text == reference, "version \(symbol.version), mask \(symbol.mask)")
    }

    @Test("Finder, timing and alignment patterns of a version 7 symbol")
    func functionPatterns() throws {
        let matrix = try QREncoder.encode([UInt8](repeating: 0x30, count: 110), mask: 3).matrix
        try #require(matrix.size == 45)
        let finder = ["#######", "#.....#", "#.###.#", "#.###.#", "#.###.#", "#.....#", "#######"]
        for (top, left) in [(0, 0), (0, 38), (38, 0)] {
            for row in 0..<7 {
                let text = String((0..<7).map { matrix[top + row, left + $0] ? "#" : "." })
                #expect(text == finder[row])
            }
        }
        for index in 8...36 {
            #expect(matrix[6, index] == (index % 2 == 0))
            #expect(matrix[index, 6] == (index % 2 == 0))
        }
        for (row, column) in [(6, 22), (22, 6), (22, 22), (22, 38), (38, 22), (38, 38)] {
            #expect(matrix[row, column] && !matrix[row - 1, column] && matrix[row - 2, column - 2])
        }
    }

    @Test("Too long for version 40-M: a typed error with the sizes")
    func tooLong() {
        #expect(QREncoder.maximumBytes == 2331)
        #expect(throws: QRError.tooLong(bytes: 2332, capacity: 2331)) {
            try QREncoder.encode([UInt8](repeating: 0x61, count: 2332))
        }
        #expect(throws: QRError.invalidMask(8)) { try QREncoder.encode("x", mask: 8) }
    }

    @Test("A forced mask is used; the automatic choice is the lowest-penalty mask")
    func maskChoice() throws {
        let text = "http://canarytokens.localhost/about/abcdefghij0123456789abcde/index.html"
        let chosen = try QREncoder.encode(text)
        let scores = try QRMask.all.map { mask throws(QRError) in
            let symbol = try QREncoder.encode(text, mask: mask)
            #expect(symbol.mask == mask)
            return QRPenalty.score(symbol.matrix)
        }
        let lowest = scores.min() ?? -1
        #expect(chosen.mask == scores.firstIndex(of: lowest))
        #expect(try QREncoder.encode(text, mask: chosen.mask) == chosen)
    }
}
