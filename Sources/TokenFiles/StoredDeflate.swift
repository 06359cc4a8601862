/// A zlib stream (RFC 1950) made of deflate *stored* blocks (RFC 1951 §3.2.4): valid input for every inflater, with no
/// compression. PNG's IDAT holds one.
package enum StoredDeflate {
    /// Largest payload of one stored block.
    package static let maxBlock = 65_535

    /// The zlib stream holding `bytes` uncompressed, ending with their Adler-32.
    package static func zlibStream(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // CM 8, 32 KiB window, FCHECK so that 0x7801 % 31 == 0, FLEVEL 0
        out.reserveCapacity(bytes.count + bytes.count / maxBlock * 5 + 11)
        var start = 0
        repeat {
            let end = Swift.min(start + maxBlock, bytes.count)
            let length = UInt16(end - start)
            out.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00
            out.appendLE16(length)
            out.appendLE16(~length)
            out.append(contentsOf: bytes[start..<end])
            start = end
        } while start < bytes.count
        out.appendBE32(Adler32.checksum(bytes))
        return out
    }
}
