@testable import TokenFiles

/// A test-side zip reader for the builder tests, independent of the module's writer and reader: it walks the local headers from the
/// start and the central directory from the end record, and reports what each says.
struct BuilderZipListing {
    struct Entry: Equatable {
        var name: String
        var data: [UInt8]
        var crc: UInt32
        var localOffset: Int
        var madeBy: UInt16
        var externalAttributes: UInt32
        var method: UInt16
    }

    enum Failure: Error { case malformed(String) }

    let entries: [Entry]

    init(_ bytes: [UInt8]) throws {
        func le16(_ at: Int) throws -> UInt16 {
            guard at + 2 <= bytes.count else { throw Failure.malformed("short at \(at)") }
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        func le32(_ at: Int) throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw Failure.malformed("short at \(at)") }
            return UInt32(try le16(at)) | UInt32(try le16(at + 2)) << 16
        }
        // End of central directory: 22 bytes, no comment.
        let end = bytes.count - 22
        guard end >= 0, try le32(end) == 0x0605_4B50 else { throw Failure.malformed("no end record") }
        let count = Int(try le16(end + 10))
        let directorySize = Int(try le32(end + 12))
        let directoryStart = Int(try le32(end + 16))
        guard directoryStart + directorySize == end else { throw Failure.malformed("directory bounds") }

        var found: [Entry] = []
        var cursor = directoryStart
        for _ in 0..<count {
            guard try le32(cursor) == 0x0201_4B50 else { throw Failure.malformed("central signature") }
            let madeBy = try le16(cursor + 4)
            let method = try le16(cursor + 10)
            let crc = try le32(cursor + 16)
            let compressed = Int(try le32(cursor + 20))
            let size = Int(try le32(cursor + 24))
            let nameLength = Int(try le16(cursor + 28))
            let extra = Int(try le16(cursor + 30))
            let comment = Int(try le16(cursor + 32))
            let external = try le32(cursor + 38)
            let offset = Int(try le32(cursor + 42))
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            guard compressed == size else { throw Failure.malformed("compressed size differs for \(name)") }

            // The local header the directory points at must agree.
            guard try le32(offset) == 0x0403_4B50 else { throw Failure.malformed("local signature for \(name)") }
            guard try le32(offset + 14) == crc, Int(try le32(offset + 22)) == size else {
                throw Failure.malformed("local header disagrees for \(name)")
            }
            let localName = Int(try le16(offset + 26))
            let localExtra = Int(try le16(offset + 28))
            let dataStart = offset + 30 + localName + localExtra
            guard String(decoding: bytes[(offset + 30)..<(offset + 30 + localName)], as: UTF8.self) == name,
                  dataStart + size <= bytes.count
            else { throw Failure.malformed("local name or data for \(name)") }
            found.append(Entry(
                name: name, data: Array(bytes[dataStart..<(dataStart + size)]), crc: crc, localOffset: offset,
                madeBy: madeBy, externalAttributes: external, method: method
            ))
            cursor += 46 + nameLength + extra + comment
        }
        guard cursor == end else { throw Failure.malformed("directory length") }
        entries = found
    }
}
