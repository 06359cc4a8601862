@testable import TokenFiles

/// A strict reader for the PNGs `PNGWriter` makes, written for the tests: chunks with their CRCs checked, and a
/// zlib reader that accepts stored deflate blocks only.
struct PNGReader {
    /// One chunk.
    struct Chunk: Equatable {
        let type: String
        let data: [UInt8]
    }

    /// What went wrong.
    enum Failure: Error, Equatable {
        case badSignature, truncated, badCRC(String), badZlibHeader, notStored(UInt8), badLength, badAdler
    }

    /// The chunks in order.
    let chunks: [Chunk]

    /// Parses a whole file; every byte must belong to a chunk.
    init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw .badSignature
        }
        var offset = 8
        var chunks: [Chunk] = []
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw .truncated }
            let length = Int(Self.be32(bytes, offset))
            guard offset + 12 + length <= bytes.count else { throw .truncated }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let data = Array(bytes[offset + 8..<offset + 8 + length])
            let crc = Self.be32(bytes, offset + 8 + length)
            guard crc == CRC32.checksum(bytes[offset + 4..<offset + 8 + length]) else { throw .badCRC(type) }
            chunks.append(Chunk(type: type, data: data))
            offset += 12 + length
        }
        self.chunks = chunks
    }

    /// A big-endian 32-bit value.
    static func be32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The payload of a zlib stream made only of stored deflate blocks (RFC 1950, RFC 1951 §3.2.4).
    static func inflateStored(_ stream: [UInt8]) throws(Failure) -> [UInt8] {
        guard stream.count >= 6, stream[0] & 0x0F == 8, (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0,
            stream[1] & 0x20 == 0
        else { throw .badZlibHeader }
        var offset = 2
        var out: [UInt8] = []
        var final = false
        while !final {
            guard offset + 5 <= stream.count else { throw .truncated }
            let header = stream[offset]
            guard header & 0x06 == 0 else { throw .notStored(header) }
            final = header & 1 == 1
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            guard length ^ complement == 0xFFFF, offset + 5 + length <= stream.count else { throw .badLength }
            out.append(contentsOf: stream[offset + 5..<offset + 5 + length])
            offset += 5 + length
        }
        guard offset + 4 == stream.count, be32(stream, offset) == Adler32.checksum(out) else { throw .badAdler }
        return out
    }
}
