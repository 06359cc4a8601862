import CZlib
@testable import TokenFiles

/// An independent reading of a zip of stored or deflated entries (inflated here with zlib in one call), sharing no
/// code with `ZipReader` or `ZipWriter`: walks the local headers
/// from byte 0, then checks the central directory and the end record against them. Records a failure message instead
/// of throwing, so a test expects `problems == []`.
struct ZipWalk {
    struct Item: Equatable {
        let name: String
        let data: [UInt8]
        /// Offset of the local header.
        let offset: Int
        let method: Int
        /// The size of the entry's bytes in the archive.
        let packedSize: Int
        let dosTime: Int
        let dosDate: Int
        /// The central directory's CRC-32, "version made by" and external attributes; -1 until its central entry is
        /// read (a missing one is also a problem).
        var crc: Int = -1
        var madeBy: Int = -1
        var externalAttributes: Int = -1
    }

    var items: [Item] = []
    var problems: [String] = []

    init(_ bytes: [UInt8]) {
        func u16(_ at: Int) -> Int { at + 2 <= bytes.count ? Int(bytes[at]) + Int(bytes[at + 1]) * 256 : -1 }
        func u32(_ at: Int) -> Int { u16(at) < 0 || u16(at + 2) < 0 ? -1 : u16(at) + u16(at + 2) * 65_536 }
        var at = 0
        while u32(at) == 0x0403_4B50 {
            let method = u16(at + 8), crc = u32(at + 14), packed = u32(at + 18), size = u32(at + 22)
            let nameLength = u16(at + 26), extra = u16(at + 28)
            let dataStart = at + 30 + nameLength + extra
            guard dataStart + packed <= bytes.count else { problems.append("local entry at \(at) truncated"); return }
            let name = String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self)
            let raw = Array(bytes[dataStart..<(dataStart + packed)])
            var data = raw
            if method == 8 {
                data = Self.inflate(raw, size: size) ?? []
                if data.count != size { problems.append("\(name): does not inflate to \(size) bytes") }
            } else if method != 0 || packed != size {
                problems.append("\(name): neither stored nor deflated")
            }
            if CRC32.checksum(data) != UInt32(crc) { problems.append("\(name): CRC mismatch in local header") }
            items.append(Item(name: name, data: data, offset: at, method: method, packedSize: packed, dosTime: u16(at + 10),
                              dosDate: u16(at + 12)))
            at = dataStart + packed
        }
        let directoryStart = at
        var index = 0
        while u32(at) == 0x0201_4B50 {
            let madeBy = u16(at + 4), method = u16(at + 10), crc = u32(at + 16), packed = u32(at + 20)
            let size = u32(at + 24), nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            let external = u32(at + 38), offset = u32(at + 42)
            guard nameLength >= 0, at + 46 + nameLength <= bytes.count else {
                problems.append("central entry at \(at) truncated")
                return
            }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            if index >= items.count {
                problems.append("central entry \(name) has no local entry")
            } else {
                let item = items[index]
                if item.name != name || item.offset != offset || item.method != method || item.packedSize != packed
                    || item.data.count != size || CRC32.checksum(item.data) != UInt32(crc) {
                    problems.append("central entry \(name) disagrees with its local header")
                }
                items[index].crc = crc
                items[index].madeBy = madeBy
                items[index].externalAttributes = external
            }
            index += 1
            at += 46 + nameLength + extra + comment
        }
        if index != items.count { problems.append("\(items.count) local entries, \(index) central entries") }
        if u32(at) != 0x0605_4B50 || at + 22 != bytes.count {
            problems.append("end record not at the end")
        } else if u16(at + 10) != items.count || u32(at + 12) != at - directoryStart || u32(at + 16) != directoryStart {
            problems.append("end record disagrees with the central directory")
        }
    }

    /// Raw deflate (window bits -15) of `raw`, expected to unpack to `size` bytes; nil if zlib refuses it.
    static func inflate(_ raw: [UInt8], size: Int) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: size + 1)
        let status: Int32 = raw.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        return Array(output[..<Int(stream.total_out)])
    }

    /// The data of the entry with that name.
    func data(_ name: String) -> [UInt8]? { items.first { $0.name == name }?.data }

    /// The entry with that name as text.
    func text(_ name: String) -> String? { data(name).map { String(decoding: $0, as: UTF8.self) } }
}
