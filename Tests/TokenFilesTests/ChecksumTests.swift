import Testing
@testable import TokenFiles

@Suite struct ChecksumTests {
    @Test func crc32KnownValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        let split = CRC32.checksum(Array("6789".utf8), initial: CRC32.checksum(Array("12345".utf8)))
        #expect(split == 0xCBF4_3926)
    }

    @Test func adler32KnownValues() {
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([UInt8]()) == 1)
        // Long runs of 0xFF cross zlib's NMAX reduction point several times.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in long { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
        #expect(Adler32.checksum(long) == UInt32((b << 16) | a))
    }

    @Test("Sequences without contiguous storage give the same checksums")
    func nonContiguous() {
        let digits = (0..<9).lazy.map { UInt8(ascii: "1") + UInt8($0) }
        #expect(CRC32.checksum(digits) == 0xCBF4_3926)
        #expect(CRC32.checksum(digits, initial: 0) == CRC32.checksum(Array(digits)))
        #expect(Adler32.checksum("Wikipedia".utf8.lazy.map { $0 }) == 0x11E6_0398)
    }

    @Test func storedDeflateFraming() {
        let empty = StoredDeflate.zlibStream([])
        #expect(empty == [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01])
        let big = [UInt8](repeating: 7, count: StoredDeflate.maxBlock + 10)
        let stream = StoredDeflate.zlibStream(big)
        #expect((UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0)
        #expect(stream[2] == 0)  // first block not final
        #expect(stream[3] == 0xFF && stream[4] == 0xFF && stream[5] == 0 && stream[6] == 0)
        let second = 7 + StoredDeflate.maxBlock
        #expect(stream[second] == 1 && stream[second + 1] == 10 && stream[second + 2] == 0)
        #expect(stream.count == 2 + 5 + StoredDeflate.maxBlock + 5 + 10 + 4)
    }
}
