import CZlib

/// CRC-32 (ISO-HDLC, polynomial 0xEDB88320 reflected), as zip and PNG use it.
package enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// Continues a CRC over more bytes: start with `checksum(bytes)`, feed the result back as `initial`.
    /// Contiguous bytes (arrays, slices, buffers) go through zlib's `crc32`, the same CRC computed several bytes
    /// at a time (https://www.zlib.net/manual.html#Checksum): uploads are checked over tens of MiB.
    package static func checksum(_ bytes: some Sequence<UInt8>, initial: UInt32 = 0) -> UInt32 {
        let fast = bytes.withContiguousStorageIfAvailable { buffer -> UInt32 in
            var crc = uLong(initial)
            var rest = UnsafeRawBufferPointer(buffer)
            // crc32 takes a 32-bit length: feed it at most 1 GiB at a time.
            while !rest.isEmpty {
                let piece = Swift.min(rest.count, 1 << 30)
                crc = CZlib.crc32(crc, rest.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(piece))
                rest = UnsafeRawBufferPointer(rebasing: rest[piece...])
            }
            return UInt32(truncatingIfNeeded: crc)
        }
        if let fast { return fast }
        var crc = ~initial
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }
}

/// Adler-32, the checksum that ends a zlib stream.
package enum Adler32 {
    /// The checksum of those bytes.
    package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a &+= UInt32(byte)
            b &+= a
            pending += 1
            if pending == 5552 {  // zlib's NMAX: the largest run before b can overflow 32 bits
                a %= 65521
                b %= 65521
                pending = 0
            }
        }
        return ((b % 65521) << 16) | (a % 65521)
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
