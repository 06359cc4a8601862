import Testing
@testable import TokenFiles

@Suite struct PNGWriterTests {
    @Test("1-bit greyscale: signature, IHDR, one IDAT, IEND with exact lengths, CRCs and scanlines")
    func oneBit() throws {
        // 10 × 3: row 0 alternates starting black, row 1 all white, row 2 all black.
        let pixels: [UInt8] = (0..<10).map { $0 % 2 == 0 ? 0 : 255 } + [UInt8](repeating: 255, count: 10)
            + [UInt8](repeating: 0, count: 10)
        let png = PNGWriter.greyscale(width: 10, height: 3, depth: .one, pixels: pixels)
        let reader = try PNGReader(png)
        #expect(reader.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(reader.chunks[0].data == [0, 0, 0, 10, 0, 0, 0, 3, 1, 0, 0, 0, 0])
        // Filter byte 0, then 8 pixels per byte, leftmost in the high bit, last byte padded with 0 bits.
        let scanlines: [UInt8] = [0, 0b0101_0101, 0b0100_0000, 0, 0xFF, 0b1100_0000, 0, 0x00, 0x00]
        #expect(try PNGReader.inflateStored(reader.chunks[1].data) == scanlines)
        #expect(reader.chunks[1].data.count == 2 + 5 + scanlines.count + 4)
        #expect(reader.chunks[2].data.isEmpty)
        // IEND is always the same 12 bytes; its CRC is the well-known AE 42 60 82.
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        #expect(png.count == 8 + (12 + 13) + (12 + reader.chunks[1].data.count) + 12)
    }

    @Test("8-bit greyscale stores each value as one byte after the filter byte")
    func eightBit() throws {
        let pixels: [UInt8] = [0, 1, 2, 128, 254, 255]
        let png = PNGWriter.greyscale(width: 3, height: 2, depth: .eight, pixels: pixels)
        let reader = try PNGReader(png)
        #expect(reader.chunks[0].data == [0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0])
        #expect(try PNGReader.inflateStored(reader.chunks[1].data) == [0, 0, 1, 2, 0, 128, 254, 255])
        // The IHDR chunk bytes in full, CRC included (computed independently with zlib.crc32).
        #expect(Array(png[8..<33]) == [
            0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0, 0xB8, 0x1F, 0x39, 0xC6,
        ])
    }

    @Test("Image data over 65535 bytes spans several stored blocks and still inflates exactly")
    func largeImage() throws {
        let width = 300, height = 300
        let pixels = (0..<width * height).map { UInt8(($0 * 7) % 256) }
        let reader = try PNGReader(PNGWriter.greyscale(width: width, height: height, depth: .eight, pixels: pixels))
        let inflated = try PNGReader.inflateStored(reader.chunks[1].data)
        #expect(inflated.count == height * (width + 1))
        for row in [0, 1, 150, 299] {
            let start = row * (width + 1)
            #expect(inflated[start] == 0)
            #expect(Array(inflated[start + 1...start + width]) == Array(pixels[row * width..<(row + 1) * width]))
        }
        #expect(reader.chunks[1].data[2] == 0)  // the first block is not the last
    }

    @Test("A corrupted byte is caught by the chunk CRC (the reader is not blind)")
    func crcDetectsDamage() {
        var png = PNGWriter.greyscale(width: 2, height: 2, depth: .one, pixels: [0, 255, 255, 0])
        png[20] ^= 0x01  // inside IHDR's data
        #expect(throws: PNGReader.Failure.badCRC("IHDR")) { try PNGReader(png) }
    }
}
