/// Writes a zip archive (APPNOTE 6.3) of *stored* entries: local headers, data, central directory, end record.
/// Office Open XML packages, the windows-dir folder and the azure-id bundle are all made with it.
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
        let crc: UInt32
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
            out.appendLE16(0)  // stored
            out.appendLE16(entry.dosTime)
            out.appendLE16(entry.dosDate)
            out.appendLE32(entry.crc)
            out.appendLE32(entry.size)
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

    private mutating func add(name: [UInt8], data: [UInt8], attributes: DOSAttributes) {
        let crc = CRC32.checksum(data)
        let offset = UInt32(body.count)
        body.appendLE32(0x0403_4B50)
        body.appendLE16(20)
        body.appendLE16(0x0800)
        body.appendLE16(0)
        body.appendLE16(dosTime)
        body.appendLE16(dosDate)
        body.appendLE32(crc)
        body.appendLE32(UInt32(data.count))
        body.appendLE32(UInt32(data.count))
        body.appendLE16(UInt16(name.count))
        body.appendLE16(0)
        body.append(contentsOf: name)
        body.append(contentsOf: data)
        entries.append(Central(
            name: name, crc: crc, size: UInt32(data.count), offset: offset, attributes: attributes,
            dosTime: dosTime, dosDate: dosDate
        ))
    }
}
