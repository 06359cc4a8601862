import CZlib
@testable import TokenFiles

/// Test-only zip writer whose entries are really deflated (zlib, raw deflate), the way Word and python-docx write
/// them, and which can lie: any field of an entry can be overridden to build damaged archives and bombs.
struct DeflateZip {
    /// One entry to write.
    struct Entry {
        var name: String
        var data: [UInt8]
        var deflate = true
        /// Replaces the real uncompressed size in both headers.
        var declaredSize: UInt32?
        /// Replaces the real CRC-32 in both headers (and saves computing it over a large bomb).
        var declaredCRC: UInt32?
        /// Replaces the method number in both headers.
        var method: UInt16?
        var flags: UInt16 = 0
    }

    var entries: [Entry] = []

    mutating func add(_ name: String, _ text: String, deflate: Bool = true) {
        entries.append(Entry(name: name, data: Array(text.utf8), deflate: deflate))
    }

    /// Raw deflate of `data` at level 9.
    static func deflated(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let started = deflateInit2_(&stream, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                    Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "deflateInit2_ failed")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 16)
        let produced: Int = data.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate did not finish")
                return Int(stream.total_out)
            }
        }
        return Array(output[..<produced])
    }

    /// The archive.
    func finish() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let packed = entry.deflate ? DeflateZip.deflated(entry.data) : entry.data
            let crc = entry.declaredCRC ?? CRC32.checksum(entry.data)
            let size = entry.declaredSize ?? UInt32(entry.data.count)
            let method = entry.method ?? (entry.deflate ? 8 : 0)
            let name = Array(entry.name.utf8)
            let offset = UInt32(out.count)
            out.appendLE32(0x0403_4B50)
            out.appendLE16(20)
            out.appendLE16(entry.flags)
            out.appendLE16(method)
            out.appendLE16(0)
            out.appendLE16(0x21)
            out.appendLE32(crc)
            out.appendLE32(UInt32(packed.count))
            out.appendLE32(size)
            out.appendLE16(UInt16(name.count))
            out.appendLE16(0)
            out += name
            out += packed
            central.appendLE32(0x0201_4B50)
            central.appendLE16(20)
            central.appendLE16(20)
            central.appendLE16(entry.flags)
            central.appendLE16(method)
            central.appendLE16(0)
            central.appendLE16(0x21)
            central.appendLE32(crc)
            central.appendLE32(UInt32(packed.count))
            central.appendLE32(size)
            central.appendLE16(UInt16(name.count))
            central.appendLE16(0)
            central.appendLE16(0)
            central.appendLE16(0)
            central.appendLE16(0)
            central.appendLE32(0)
            central.appendLE32(offset)
            central += name
        }
        let start = UInt32(out.count)
        out += central
        out.appendLE32(0x0605_4B50)
        out.appendLE16(0)
        out.appendLE16(0)
        out.appendLE16(UInt16(entries.count))
        out.appendLE16(UInt16(entries.count))
        out.appendLE32(UInt32(central.count))
        out.appendLE32(start)
        out.appendLE16(0)
        return out
    }
}
