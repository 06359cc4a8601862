/// Turns bytes into the final codeword sequence of a symbol (ISO/IEC 18004 §7.4 and §7.6): one byte-mode segment,
/// terminator, padding, Reed–Solomon blocks, interleaving.
package enum QRCodewords {
    /// The data codewords of `bytes` in one byte-mode segment for that version, padded to the version's level M
    /// data capacity. The caller checks that the bytes fit.
    package static func data(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = QRVersionTable.layout(version: version).dataCodewords * 8
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)  // §7.4.5 byte mode indicator
        bits.append(UInt32(bytes.count), count: QRVersionTable.countIndicatorBits(version: version))
        for byte in bytes { bits.append(UInt32(byte), count: 8) }
        precondition(bits.count <= capacityBits, "QR data exceeds the version's capacity")
        // §7.4.9: terminator of up to four 0 bits, 0 bits to the byte boundary, then 0xEC 0x11 alternately.
        bits.append(0, count: Swift.min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacityBits {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// §7.6: split data codewords into the version's blocks, add each block's error-correction codewords, and
    /// interleave: data codewords column by column over the blocks (the longer blocks last), then EC codewords.
    package static func interleaved(data: [UInt8], version: Int) -> [UInt8] {
        let layout = QRVersionTable.layout(version: version)
        precondition(data.count == layout.dataCodewords, "QR data codeword count does not match the version")
        let divisor = ReedSolomon.generator(degree: layout.ecCodewordsPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var ecBlocks: [[UInt8]] = []
        var start = 0
        for group in layout.groups {
            for _ in 0..<group.count {
                let block = data[start..<start + group.dataCodewords]
                dataBlocks.append(block)
                ecBlocks.append(ReedSolomon.remainder(of: Array(block), divisor: divisor))
                start += group.dataCodewords
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(layout.dataCodewords + layout.ecCodewords)
        let longest = layout.groups.map(\.dataCodewords).max() ?? 0
        for index in 0..<longest {
            for block in dataBlocks where index < block.count { out.append(block[block.startIndex + index]) }
        }
        for index in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks { out.append(block[index]) }
        }
        return out
    }
}
