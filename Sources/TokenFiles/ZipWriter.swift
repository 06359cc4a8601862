import Basics
import CZlib

/// Writes a zip archive (APPNOTE 6.3): local headers, data, central directory, end record. Entries are stored, or
/// deflated (`addDeflated`), or copied packed as another archive holds them (`addPacked`). Office Open XML packages,
/// the windows-dir folder and the azure-id bundle are all made with it.
package struct ZipWriter: Sendable {
    /// MS-DOS attribute bits kept in the low byte of an entry's external attributes.
    package struct DOSAttributes: OptionSet, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        package static let readOnly = DOSAttributes(rawValue: 0x01)
        package static let hidden = DOSAttributes(rawValue: 0x02)
        package static let system = DOSAttributes(rawValue: 0x04)
        package static let directory = DOSAttributes(rawValue: 0x10)
        package static let archive = DOSAttributes(rawValue: 0x20)
    }

    private struct Central {
        let name: [UInt8]
        let method: UInt16
        let crc: UInt32
        let packedSize: UInt32
        let size: UInt32
        let offset: UInt32
        let attributes: DOSAttributes
        let dosTime: UInt16
        let dosDate: UInt16
    }

    private var body: [UInt8] = []
    private var entries: [Central] = []
    private let dosTime: UInt16
    private let dosDate: UInt16

    /// A writer whose entries carry that modification time (seconds since 1970, UTC; clamped to 1980–2107).
    package init(modified: Double = 315_532_800) {
        let time = CivilTime(epochSeconds: Swift.min(Swift.max(modified, 315_532_800), 4_354_819_199))
        dosDate = UInt16(((time.year - 1980) << 9) | (time.month << 5) | time.day)
        dosTime = UInt16((time.hour << 11) | (time.minute << 5) | (time.second / 2))
    }

    /// Adds a file entry; `name` uses `/` and has no leading slash.
    package mutating func addFile(_ name: String, _ data: [UInt8], attributes: DOSAttributes = .archive) {
        add(name: Array(name.utf8), data: data, attributes: attributes)
    }

    /// Adds a directory entry; a trailing `/` is added when missing.
    package mutating func addDirectory(_ name: String, attributes: DOSAttributes = .directory) {
        let path = name.hasSuffix("/") ? name : name + "/"
        add(name: Array(path.utf8), data: [], attributes: attributes.union(.directory))
    }

    /// The finished archive.
    package func finish() -> [UInt8] {
        var out = body
        let directoryStart = UInt32(out.count)
        for entry in entries {
            out.appendLE32(0x0201_4B50)
            out.appendLE16(20)  // made by: MS-DOS (0), spec 2.0, so readers take the low byte as DOS attributes
            out.appendLE16(20)  // version needed
            out.appendLE16(0x0800)  // UTF-8 names
            out.appendLE16(entry.method)
            out.appendLE16(entry.dosTime)
            out.appendLE16(entry.dosDate)
            out.appendLE32(entry.crc)
            out.appendLE32(entry.packedSize)
            out.appendLE32(entry.size)
            out.appendLE16(UInt16(entry.name.count))
            out.appendLE16(0)  // extra
            out.appendLE16(0)  // comment
            out.appendLE16(0)  // disk
            out.appendLE16(0)  // internal attributes
            out.appendLE32(UInt32(entry.attributes.rawValue))
            out.appendLE32(entry.offset)
            out.append(contentsOf: entry.name)
        }
        let directorySize = UInt32(out.count) - directoryStart
        out.appendLE32(0x0605_4B50)
        out.appendLE16(0)
        out.appendLE16(0)
        out.appendLE16(UInt16(entries.count))
        out.appendLE16(UInt16(entries.count))
        out.appendLE32(directorySize)
        out.appendLE32(directoryStart)
        out.appendLE16(0)
        return out
    }

    /// Adds a file entry deflated (raw deflate, RFC 1951, zlib level 6) from pieces that are written one after the
    /// other, so a large part with a few bytes inserted is never copied whole before it is compressed.
    package mutating func addDeflated(_ name: String, pieces: [ArraySlice<UInt8>]) {
        var crc: UInt32 = 0
        var size = 0
        for piece in pieces {
            crc = CRC32.checksum(piece, initial: crc)
            size += piece.count
        }
        let packed = ZipWriter.deflate(pieces)
        add(name: Array(name.utf8), method: 8, crc: crc, packed: packed[...], size: size, attributes: .archive)
    }

    /// Adds an entry exactly as another archive holds it: its method (0 or 8), CRC-32, unpacked size and packed
    /// bytes are copied, nothing is inflated. The caller has checked that `packed` unpacks to `size` bytes with that
    /// CRC (`ZipReader` does).
    package mutating func addPacked(
        _ name: String, method: UInt16, crc: UInt32, size: Int, packed: ArraySlice<UInt8>,
        attributes: DOSAttributes = .archive
    ) {
        add(name: Array(name.utf8), method: method, crc: crc, packed: packed, size: size, attributes: attributes)
    }

    private mutating func add(name: [UInt8], data: [UInt8], attributes: DOSAttributes) {
        add(name: name, method: 0, crc: CRC32.checksum(data), packed: data[...], size: data.count,
            attributes: attributes)
    }

    private mutating func add(
        name: [UInt8], method: UInt16, crc: UInt32, packed: ArraySlice<UInt8>, size: Int, attributes: DOSAttributes
    ) {
        let offset = UInt32(body.count)
        body.appendLE32(0x0403_4B50)
        body.appendLE16(20)
        body.appendLE16(0x0800)
        body.appendLE16(method)
        body.appendLE16(dosTime)
        body.appendLE16(dosDate)
        body.appendLE32(crc)
        body.appendLE32(UInt32(packed.count))
        body.appendLE32(UInt32(size))
        body.appendLE16(UInt16(name.count))
        body.appendLE16(0)
        body.append(contentsOf: name)
        body.append(contentsOf: packed)
        entries.append(Central(
            name: name, method: method, crc: crc, packedSize: UInt32(packed.count), size: UInt32(size),
            offset: offset, attributes: attributes, dosTime: dosTime, dosDate: dosDate
        ))
    }

    /// Raw deflate of the pieces, one after the other, into a buffer grown 64 KiB at a time.
    private static func deflate(_ pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        var stream = z_stream()
        // zlib only fails here for bad parameters or no memory; these parameters are constants.
        let started = deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                    Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "deflateInit2_ failed: \(started)")
        defer { deflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        for (index, piece) in pieces.enumerated() {
            let flush = index == pieces.count - 1 ? Z_FINISH : Z_NO_FLUSH
            piece.withUnsafeBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    // zlib never writes through next_in; the mutable pointer is only how zconf.h spells it.
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                    stream.avail_in = uInt(source.count)
                    repeat {
                        stream.next_out = target.baseAddress
                        stream.avail_out = uInt(target.count)
                        CZlib.deflate(&stream, flush)
                        out.append(contentsOf: target[..<(target.count - Int(stream.avail_out))])
                    } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
                }
            }
        }
        if pieces.isEmpty { return [0x03, 0x00] }  // RFC 1951: one final fixed block holding only end-of-block
        return out
    }
}
