import Testing
@testable import TokenFiles

@Suite struct QRReedSolomonTests {
    @Test("GF(256) with 0x11D: α^8 = 0x1D, α^255 = 1, log inverts exp")
    func field() {
        #expect(GF256.exp[0] == 1)
        #expect(GF256.exp[7] == 0x80)
        #expect(GF256.exp[8] == 0x1D)  // x^8 = x^4 + x^3 + x^2 + 1
        #expect(GF256.exp[9] == 0x3A)
        #expect(GF256.exp[255] == 1)
        #expect(Set(GF256.exp[0..<255]).count == 255)  // 2 is primitive: every non-zero element once
        for value in 1...255 { #expect(Int(GF256.exp[GF256.log[value]]) == value) }
        #expect(GF256.multiply(0x80, 0x02) == 0x1D)
        #expect(GF256.multiply(0, 0x53) == 0)
        #expect(GF256.multiply(0x8E, 0x02) == 0x01)  // 0x8E = α^254 = α^-1
    }

    @Test("Generator polynomials match ISO/IEC 18004 Annex A (as powers of α)")
    func generators() {
        func exponents(_ degree: Int) -> [Int] { ReedSolomon.generator(degree: degree).map { GF256.log[Int($0)] } }
        #expect(exponents(7) == [87, 229, 146, 149, 238, 102, 21])
        #expect(exponents(10) == [251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
        #expect(exponents(13) == [74, 152, 176, 100, 86, 100, 106, 104, 130, 218, 206, 140, 78])
    }

    @Test("ISO/IEC 18004 Annex I: \"01234567\" 1-M error-correction codewords")
    func annexI() {
        let data: [UInt8] = [
            0b0001_0000, 0b0010_0000, 0b0000_1100, 0b0101_0110, 0b0110_0001, 0b1000_0000, 0xEC, 0x11,
            0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        let expected: [UInt8] = [
            0b1010_0101, 0b0010_0100, 0b1101_0100, 0b1100_0001, 0b1110_1101, 0b0011_0110, 0b1100_0111,
            0b1000_0111, 0b0010_1100, 0b0101_0101,
        ]
        #expect(ReedSolomon.errorCorrection(for: data, degree: 10) == expected)
    }

    @Test("Thonky tutorial: \"HELLO WORLD\" 1-M error-correction codewords")
    func helloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let expected: [UInt8] = [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]
        #expect(ReedSolomon.errorCorrection(for: data, degree: 10) == expected)
    }

    @Test("A codeword block with its EC codewords is divisible by the generator")
    func divisible() {
        let data: [UInt8] = (0..<43).map { UInt8(($0 * 37 + 11) % 256) }
        let ec = ReedSolomon.errorCorrection(for: data, degree: 24)
        #expect(ec.count == 24)
        #expect(ReedSolomon.remainder(of: data + ec, divisor: ReedSolomon.generator(degree: 24)).allSatisfy { $0 == 0 })
        #expect(!ReedSolomon.remainder(of: data + ec.dropLast() + [ec[23] ^ 1],
            divisor: ReedSolomon.generator(degree: 24)).allSatisfy { $0 == 0 })
    }
}
