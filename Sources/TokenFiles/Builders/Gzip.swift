/// A gzip member (RFC 1952) of stored deflate blocks: what `gzip -d` and .NET's `GZipStream` unpack, with no
/// compression. The deflate blocks are `StoredDeflate`'s, taken out of their zlib framing.
package enum Gzip {
    /// `bytes` as a .gz file whose header carries `modified` (seconds since 1970) as MTIME.
    package static func member(_ bytes: [UInt8], modified: Double) -> [UInt8] {
        let zlib = StoredDeflate.zlibStream(bytes)
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00]  // ID1 ID2, CM deflate, no flags (no name, no comment)
        out.appendLE32(UInt32(clamping: Int(Swift.max(0, modified).rounded(.down))))
        out.append(0)  // XFL
        out.append(3)  // OS: Unix
        out.append(contentsOf: zlib[2..<(zlib.count - 4)])  // drop the zlib header and its Adler-32
        out.appendLE32(CRC32.checksum(bytes))
        out.appendLE32(UInt32(truncatingIfNeeded: bytes.count))  // ISIZE: length mod 2^32
        return out
    }
}
