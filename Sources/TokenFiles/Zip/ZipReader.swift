import CZlib

/// Reads a zip archive (APPNOTE 6.3.10) that a client uploaded: the end record, the central directory, each local
/// header, and every entry's data (stored, or raw deflate through zlib), each checked against its CRC-32.
///
/// The input is hostile. Every size is checked against the buffer before it is used, and `Limits` bounds what the
/// archive may unpack to, so a zip bomb fails with `TokenFileError.unreadableUpload` before it costs memory. Zip64,
/// multi-disk archives, encryption and methods other than 0 (stored) and 8 (deflate) are refused.
///
/// Bytes before the archive (a self-extractor stub) and after its end record (a line break that a script's
/// here-string adds) are tolerated as Info-ZIP's unzip and Python's zipfile tolerate them. Entries are checked while
/// reading (inflated through a small buffer, CRC-32 compared) but not kept unpacked: `Entry.packed` shares the
/// upload's storage, and `Entry.data` inflates on demand, so only the parts a caller reads cost their unpacked size.
package struct ZipReader: Sendable {
    /// How much an archive may hold once unpacked. Checked on the sizes the central directory declares, before any
    /// data is inflated, and again on what inflating really produces.
    package struct Limits: Sendable, Equatable {
        /// Most entries (files and directories) one archive may list.
        package var maxEntries: Int
        /// Most bytes all entries may unpack to, together.
        package var maxTotalUncompressed: Int
        /// Highest unpacked-to-packed ratio of one entry, applied to entries larger than `ratioFloor`. Deflate tops
        /// out near 1032:1, so a cap well below that catches bombs that declare their size honestly.
        package var maxRatio: Int
        /// Entries up to this many unpacked bytes are not held to `maxRatio` (small XML parts compress very well).
        package var ratioFloor: Int
        /// Highest ratio of everything unpacked to the archive's own size, applied once the entries together
        /// unpack to more than `totalRatioFloor`: many entries each just under `ratioFloor` (62 MiB of zeros from
        /// a 74 KB upload) pass every per-entry check but not this one.
        package var maxTotalRatio: Int
        /// Archives unpacking to at most this many bytes in all are not held to `maxTotalRatio`.
        package var totalRatioFloor: Int

        /// Makes limits.
        package init(
            maxEntries: Int, maxTotalUncompressed: Int, maxRatio: Int, ratioFloor: Int, maxTotalRatio: Int = 100,
            totalRatioFloor: Int = 8 << 20
        ) {
            self.maxEntries = maxEntries
            self.maxTotalUncompressed = maxTotalUncompressed
            self.maxRatio = maxRatio
            self.ratioFloor = ratioFloor
            self.maxTotalRatio = maxTotalRatio
            self.totalRatioFloor = totalRatioFloor
        }

        /// Generous for any real Office document (a large .docx has a few hundred parts and a few MiB of XML, and
        /// Word's deflated XML is near 10:1, far from 100:1).
        package static let upload = Limits(
            maxEntries: 1_000, maxTotalUncompressed: 64 << 20, maxRatio: 200, ratioFloor: 1 << 20,
            maxTotalRatio: 100, totalRatioFloor: 8 << 20
        )
    }

    /// One entry, checked: its data inflated once to the declared size with a matching CRC-32.
    package struct Entry: Sendable, Equatable {
        /// The entry name, as the central directory spells it (UTF-8; `/` separated; directories end with `/`).
        package let name: String
        /// The compression method the archive used: 0 (stored) or 8 (deflate).
        package let method: UInt16
        /// The CRC-32 the central directory records, which the unpacked bytes match.
        package let crc: UInt32
        /// The entry's data as it lies in the archive (raw deflate for method 8), sharing the upload's storage.
        package let packed: ArraySlice<UInt8>
        /// The unpacked size, checked.
        package let uncompressedSize: Int

        /// Whether the entry is a directory (its name ends with `/`).
        package var isDirectory: Bool { name.hasSuffix("/") }

        /// The unpacked bytes, inflated now (each read costs the unpacked size: read it once).
        /// The reader already inflated this same data to the same size and CRC, so this cannot fail; an empty
        /// array would only come back if zlib did not behave the same twice.
        package var data: [UInt8] {
            guard method == 8 else { return Array(packed) }
            return (try? ZipReader.inflate(packed, expected: uncompressedSize, name: name)) ?? []
        }
    }

    /// The entries, in central directory order.
    package let entries: [Entry]

    /// Reads and checks the whole archive.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason, for anything that is not a readable zip within
    ///   `limits`.
    package init(_ bytes: [UInt8], limits: Limits = .upload) throws(TokenFileError) {
        let end = try ZipReader.endRecord(in: bytes)
        guard end.entryCount <= limits.maxEntries else {
            throw .unreadableUpload("zip lists \(end.entryCount) entries, more than \(limits.maxEntries)")
        }
        let records = try ZipReader.centralDirectory(bytes, end: end, limits: limits)
        let total = records.reduce(0) { $0 + $1.uncompressedSize }
        if total > limits.totalRatioFloor, total / Swift.max(bytes.count, 1) > limits.maxTotalRatio {
            throw .unreadableUpload("archive unpacks more than \(limits.maxTotalRatio) times its size")
        }
        // Recorded offsets have had the prepended bytes (`end.shift`) added, so none points into them.
        let ends = try ZipReader.layout(records, directoryStart: end.directoryOffset)
        var entries: [Entry] = []
        entries.reserveCapacity(records.count)
        for (record, limit) in zip(records, ends) {
            entries.append(try ZipReader.unpack(record, from: bytes, before: limit))
        }
        self.entries = entries
    }

    /// The entry with exactly that name, if any.
    package func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    // MARK: - End of central directory

    /// What the end record says. APPNOTE §4.3.16.
    private struct EndRecord {
        let entryCount: Int
        let directorySize: Int
        /// Where the central directory really starts in the buffer (its declared offset plus `shift`).
        let directoryOffset: Int
        let recordOffset: Int
        /// How many bytes precede the archive (a stub prepended to it): added to every offset the archive records.
        let shift: Int
    }

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50
    private static let endRecordSize = 22
    private static let centralHeaderSize = 46
    private static let localHeaderSize = 30

    /// Finds the end record the way zip readers do (APPNOTE §4.3.16; Info-ZIP unzip, CPython's
    /// `zipfile._EndRecData`): searched backwards over the last 65,535 + 22 bytes, since a comment may follow it, and
    /// here also bytes after the comment (a here-string's line break). The last candidate whose comment fits in the
    /// buffer and whose fields hold together wins; if none does, the first candidate's problem is the answer.
    private static func endRecord(in bytes: [UInt8]) throws(TokenFileError) -> EndRecord {
        guard bytes.count >= endRecordSize else { throw .unreadableUpload("too short to be a zip") }
        let lowest = Swift.max(0, bytes.count - endRecordSize - 0xFFFF)
        var offset = bytes.count - endRecordSize
        var firstProblem: TokenFileError?
        while offset >= lowest {
            if le32(bytes, offset) == endSignature, offset + endRecordSize + le16(bytes, offset + 20) <= bytes.count {
                do throws(TokenFileError) {
                    return try decodeEndRecord(bytes, at: offset)
                } catch {
                    if firstProblem == nil { firstProblem = error }
                }
            }
            offset -= 1
        }
        throw firstProblem ?? .unreadableUpload("no end of central directory record: not a zip, or truncated")
    }

    private static func decodeEndRecord(_ bytes: [UInt8], at offset: Int) throws(TokenFileError) -> EndRecord {
        let disk = le16(bytes, offset + 4)
        let directoryDisk = le16(bytes, offset + 6)
        let entriesHere = le16(bytes, offset + 8)
        let entriesTotal = le16(bytes, offset + 10)
        let size = le32(bytes, offset + 12)
        let start = le32(bytes, offset + 16)
        guard disk == 0, directoryDisk == 0, entriesHere == entriesTotal else {
            throw .unreadableUpload("multi-disk zip")
        }
        // APPNOTE §4.4.1.4: 0xFFFF / 0xFFFFFFFF mean the real value is in a Zip64 record. Nothing we accept needs it.
        guard entriesTotal != 0xFFFF, size != 0xFFFF_FFFF, start != 0xFFFF_FFFF else {
            throw .unreadableUpload("zip64 archive")
        }
        let directorySize = Int(size)
        let declaredOffset = Int(start)
        guard declaredOffset + directorySize <= offset else {
            throw .unreadableUpload("central directory runs past the end record")
        }
        // Prepended bytes (unzip: "extra bytes at beginning or within zipfile"): the directory is not where it says
        // but right before the end record. Every recorded offset then moves by the same amount.
        var shift = 0
        let actualOffset = offset - directorySize
        if entriesTotal > 0, actualOffset != declaredOffset, le32(bytes, declaredOffset) != centralSignature,
           le32(bytes, actualOffset) == centralSignature {
            shift = actualOffset - declaredOffset
        }
        return EndRecord(
            entryCount: entriesTotal, directorySize: directorySize, directoryOffset: declaredOffset + shift,
            recordOffset: offset, shift: shift
        )
    }

    // MARK: - Central directory

    /// One central directory header, checked for sizes but not yet unpacked. APPNOTE §4.3.12.
    private struct Record {
        let name: String
        let flags: Int
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localOffset: Int
    }

    private static func centralDirectory(
        _ bytes: [UInt8], end: EndRecord, limits: Limits
    ) throws(TokenFileError) -> [Record] {
        var records: [Record] = []
        var names = Set<String>()
        var total = 0
        var offset = end.directoryOffset
        let directoryEnd = end.directoryOffset + end.directorySize
        for index in 0..<end.entryCount {
            guard offset + centralHeaderSize <= directoryEnd, le32(bytes, offset) == centralSignature else {
                throw .unreadableUpload("central directory entry \(index) is damaged")
            }
            let nameLength = le16(bytes, offset + 28)
            let extraLength = le16(bytes, offset + 30)
            let commentLength = le16(bytes, offset + 32)
            let next = offset + centralHeaderSize + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw .unreadableUpload("central directory entry \(index) runs past the directory")
            }
            let nameBytes = bytes[(offset + centralHeaderSize)..<(offset + centralHeaderSize + nameLength)]
            guard let name = String(validating: nameBytes, as: UTF8.self), !name.isEmpty, !name.contains("\0") else {
                throw .unreadableUpload("entry \(index) has an empty or non-UTF-8 name")
            }
            guard names.insert(name).inserted else { throw .unreadableUpload("duplicate entry \(name)") }
            let record = Record(
                name: name, flags: le16(bytes, offset + 8), method: UInt16(le16(bytes, offset + 10)),
                crc: le32(bytes, offset + 16), compressedSize: Int(le32(bytes, offset + 20)),
                uncompressedSize: Int(le32(bytes, offset + 24)),
                localOffset: Int(le32(bytes, offset + 42)) + end.shift
            )
            try check(record, limits: limits)
            total += record.uncompressedSize
            guard total <= limits.maxTotalUncompressed else {
                throw .unreadableUpload("entries unpack to more than \(limits.maxTotalUncompressed) bytes")
            }
            records.append(record)
            offset = next
        }
        return records
    }

    /// Refuses what this reader does not handle and entries whose declared sizes break the limits.
    private static func check(_ record: Record, limits: Limits) throws(TokenFileError) {
        // APPNOTE §4.4.4: bit 0 encrypted, bit 6 strong encryption, bit 13 encrypted central directory.
        guard record.flags & 0x2041 == 0 else { throw .unreadableUpload("\(record.name) is encrypted") }
        switch record.method {
        case 0:
            guard record.compressedSize == record.uncompressedSize else {
                throw .unreadableUpload("\(record.name) is stored with two different sizes")
            }
        case 8:
            if record.uncompressedSize > limits.ratioFloor,
               record.uncompressedSize / Swift.max(record.compressedSize, 1) > limits.maxRatio {
                throw .unreadableUpload("\(record.name) unpacks more than \(limits.maxRatio) times its size")
            }
        default:
            throw .unreadableUpload("\(record.name) uses compression method \(record.method)")
        }
        guard record.uncompressedSize <= limits.maxTotalUncompressed else {
            throw .unreadableUpload("\(record.name) unpacks to more than \(limits.maxTotalUncompressed) bytes")
        }
    }

    /// Each entry's local header and data must lie before the central directory and not overlap the next entry:
    /// overlapping entries are how a "non-recursive" zip bomb reuses one compressed stream many times.
    /// - Returns: for each record, in directory order, the offset its data must end before.
    private static func layout(_ records: [Record], directoryStart: Int) throws(TokenFileError) -> [Int] {
        let order = records.indices.sorted { records[$0].localOffset < records[$1].localOffset }
        var ends = [Int](repeating: directoryStart, count: records.count)
        for (position, index) in order.enumerated() {
            let record = records[index]
            let limit = position + 1 < order.count ? records[order[position + 1]].localOffset : directoryStart
            // The smallest the entry can be: header and data. The exact end is checked once the header is read.
            guard record.localOffset + localHeaderSize + record.compressedSize <= limit else {
                throw .unreadableUpload("\(record.name) overlaps the next entry or the central directory")
            }
            ends[index] = limit
        }
        return ends
    }

    // MARK: - Local headers and data

    private static func unpack(
        _ record: Record, from bytes: [UInt8], before limit: Int
    ) throws(TokenFileError) -> Entry {
        let offset = record.localOffset
        guard offset + localHeaderSize <= bytes.count, le32(bytes, offset) == localSignature else {
            throw .unreadableUpload("\(record.name) has no local header where the directory says")
        }
        let nameLength = le16(bytes, offset + 26)
        let extraLength = le16(bytes, offset + 28)
        let dataStart = offset + localHeaderSize + nameLength + extraLength
        let dataEnd = dataStart + record.compressedSize
        let nameStart = offset + localHeaderSize
        guard dataEnd <= limit, bytes[nameStart..<(nameStart + nameLength)].elementsEqual(record.name.utf8) else {
            throw .unreadableUpload("\(record.name): local header does not match the central directory")
        }
        let packed = bytes[dataStart..<dataEnd]
        let crc: UInt32
        if record.method == 8 {
            crc = try verifyInflating(packed, expected: record.uncompressedSize, name: record.name)
        } else {
            crc = CRC32.checksum(packed)
        }
        guard crc == record.crc else { throw .unreadableUpload("\(record.name): CRC-32 mismatch") }
        return Entry(
            name: record.name, method: record.method, crc: record.crc, packed: packed,
            uncompressedSize: record.uncompressedSize
        )
    }

    /// Size of the scratch buffer an entry is inflated through while it is checked.
    private static let scratchSize = 64 << 10

    /// Inflates raw deflate (RFC 1951, no zlib header: window bits -15) through a small buffer, checking that it
    /// ends exactly at the declared size (an overrun is caught as soon as it happens), and answers its CRC-32.
    /// Costs `scratchSize` bytes whatever the entry unpacks to.
    private static func verifyInflating(
        _ packed: ArraySlice<UInt8>, expected: Int, name: String
    ) throws(TokenFileError) -> UInt32 {
        var crc: UInt32 = 0
        let produced = try inflating(packed, name: name) { (chunk: UnsafeBufferPointer<UInt8>, total: Int) throws(TokenFileError) in
            guard total <= expected else {
                throw .unreadableUpload("\(name) inflates past its declared \(expected) bytes")
            }
            crc = CRC32.checksum(chunk, initial: crc)
        }
        guard produced == expected else {
            throw .unreadableUpload("\(name) inflates to \(produced) bytes, not the declared \(expected)")
        }
        return crc
    }

    /// The unpacked bytes of raw deflate data that `verifyInflating` has already checked against `expected`.
    fileprivate static func inflate(
        _ packed: ArraySlice<UInt8>, expected: Int, name: String
    ) throws(TokenFileError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(expected)
        let produced = try inflating(packed, name: name) { (chunk: UnsafeBufferPointer<UInt8>, total: Int) throws(TokenFileError) in
            guard total <= expected else {
                throw .unreadableUpload("\(name) inflates past its declared \(expected) bytes")
            }
            output.append(contentsOf: chunk)
        }
        guard produced == expected else {
            throw .unreadableUpload("\(name) inflates to \(produced) bytes, not the declared \(expected)")
        }
        return output
    }

    /// Runs zlib over `packed`, handing each filled piece of a `scratchSize` buffer (and the total so far) to `sink`.
    /// - Returns: how many bytes the stream unpacked to.
    private static func inflating(
        _ packed: ArraySlice<UInt8>, name: String,
        sink: (UnsafeBufferPointer<UInt8>, Int) throws(TokenFileError) -> Void
    ) throws(TokenFileError) -> Int {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .unreadableUpload("\(name): zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var scratch = [UInt8](repeating: 0, count: scratchSize)
        let outcome: Result<Int, TokenFileError> = packed.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                // zlib never writes through next_in; the mutable pointer is only how zconf.h spells it.
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                while true {
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let filled = target.count - Int(stream.avail_out)
                    do throws(TokenFileError) {
                        try sink(UnsafeBufferPointer(rebasing: target[..<filled]), Int(stream.total_out))
                    } catch {
                        return .failure(error)
                    }
                    if status == Z_STREAM_END { return .success(Int(stream.total_out)) }
                    // Z_BUF_ERROR: no progress was possible, so the input ran out before the stream's end.
                    guard status == Z_OK || status == Z_BUF_ERROR else {
                        return .failure(.unreadableUpload("\(name): damaged deflate data (zlib \(status))"))
                    }
                    if status == Z_BUF_ERROR || (stream.avail_in == 0 && stream.avail_out > 0) {
                        return .failure(.unreadableUpload("\(name): deflate data ends early"))
                    }
                }
            }
        }
        return try outcome.get()
    }

    // MARK: - Little-endian fields

    /// The 16-bit field at `offset`; callers have checked that it lies inside `bytes`.
    private static func le16(_ bytes: [UInt8], _ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    /// The 32-bit field at `offset`; callers have checked that it lies inside `bytes`.
    private static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
}
