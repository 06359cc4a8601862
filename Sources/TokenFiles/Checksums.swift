import CZlib

/// CRC-32 (ISO-HDLC, polynomial 0xEDB88320 reflected), as zip and PNG use it: zlib's `crc32`
/// (https://www.zlib.net/manual.html#Checksum), several bytes at a time; uploads are checked over tens of MiB.
package enum CRC32 {
    /// Continues a CRC over more bytes: start with `checksum(bytes)`, feed the result back as `initial`.
    package static func checksum(_ bytes: some Sequence<UInt8>, initial: UInt32 = 0) -> UInt32 {
        ZlibChecksum.run(bytes, initial: initial) { crc32($0, $1, $2) }
    }
}

/// Adler-32, the checksum that ends a zlib stream: zlib's `adler32` (https://www.zlib.net/manual.html#Checksum).
package enum Adler32 {
    /// The checksum of those bytes.
    package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        ZlibChecksum.run(bytes, initial: 1) { adler32($0, $1, $2) }
    }
}

/// Feeds bytes to one of zlib's running checksums.
private enum ZlibChecksum {
    /// `update` over `bytes`, starting from `initial`; bytes that are not contiguous are copied into an array first.
    static func run(
        _ bytes: some Sequence<UInt8>, initial: UInt32, _ update: (uLong, UnsafePointer<Bytef>?, uInt) -> uLong
    ) -> UInt32 {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer -> UInt32 in
            var value = uLong(initial)
            var rest = UnsafeRawBufferPointer(buffer)
            // zlib takes a 32-bit length: feed it at most 1 GiB at a time.
            while !rest.isEmpty {
                let piece = Swift.min(rest.count, 1 << 30)
                value = update(value, rest.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(piece))
                rest = UnsafeRawBufferPointer(rebasing: rest[piece...])
            }
            return UInt32(truncatingIfNeeded: value)
        }
        return contiguous ?? run(Array(bytes), initial: initial, update)
    }
}

/// Little- and big-endian appends, shared by the zip, PNG and PDF writers.
extension Array where Element == UInt8 {
    package mutating func appendLE16(_ value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    package mutating func appendLE32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
    package mutating func appendBE32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
