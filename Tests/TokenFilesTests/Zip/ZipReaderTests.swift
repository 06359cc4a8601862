import Testing
@testable import TokenFiles

@Suite struct ZipReaderTests {
    /// The reason of an `unreadableUpload`, or nil when `body` did not throw that.
    private func reason(_ body: () throws(TokenFileError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            if case .unreadableUpload(let reason) = error { return reason }
            return nil
        }
    }

    private func read(_ bytes: [UInt8], limits: ZipReader.Limits = .upload) -> String? {
        reason { () throws(TokenFileError) in _ = try ZipReader(bytes, limits: limits) }
    }

    /// Three deflated entries and a stored one, like a small real package.
    private func sample() -> (DeflateZip, [UInt8]) {
        var zip = DeflateZip()
        zip.add("[Content_Types].xml", String(repeating: "<Types>content</Types>", count: 20))
        zip.add("word/document.xml", String(repeating: "<w:p>Hello, world</w:p>", count: 50))
        zip.add("word/", "", deflate: false)
        zip.add("word/media/image1.bin", "\u{1}\u{2}stored bytes", deflate: false)
        return (zip, zip.finish())
    }

    @Test("Reads back what ZipWriter writes, names, data and directories in order")
    func storedRoundTrip() throws {
        var writer = ZipWriter(modified: 1_600_000_000)
        writer.addDirectory("folder")
        writer.addFile("folder/a.txt", Array("alpha".utf8))
        writer.addFile("b.bin", [0, 1, 2, 255])
        writer.addFile("empty", [])
        let reader = try ZipReader(writer.finish())
        #expect(reader.entries.map(\.name) == ["folder/", "folder/a.txt", "b.bin", "empty"])
        #expect(reader.entries.map(\.method) == [0, 0, 0, 0])
        #expect(reader.entries.map(\.isDirectory) == [true, false, false, false])
        #expect(reader.entry(named: "folder/a.txt")?.data == Array("alpha".utf8))
        #expect(reader.entry(named: "b.bin")?.data == [0, 1, 2, 255])
        #expect(reader.entry(named: "empty")?.data == [])
        #expect(reader.entry(named: "missing") == nil)
    }

    @Test("Inflates deflate entries and checks each CRC")
    func deflateEntries() throws {
        let (zip, bytes) = sample()
        let reader = try ZipReader(bytes)
        #expect(reader.entries.map(\.name) == zip.entries.map(\.name))
        #expect(reader.entries.map(\.data) == zip.entries.map(\.data))
        #expect(reader.entries.map(\.method) == [8, 8, 0, 0])
        // The sample really is compressed, so the inflate path ran.
        #expect(bytes.count < zip.entries.map(\.data.count).reduce(0, +))
    }

    @Test("Refuses what is not a zip", arguments: [
        [UInt8](), Array("PK".utf8), Array("not a zip at all, just some text that is long enough".utf8),
        [UInt8](repeating: 0, count: 100),
    ])
    func notAZip(_ bytes: [UInt8]) {
        let reason = read(bytes)
        #expect(reason == "too short to be a zip" || reason == "no end of central directory record: not a zip, or truncated")
    }

    @Test("Every truncation of an archive is refused")
    func everyTruncation() {
        let (_, bytes) = sample()
        for length in 0..<bytes.count {
            #expect(read(Array(bytes[..<length])) != nil, "prefix of \(length) bytes was accepted")
        }
        #expect(read(bytes) == nil)
    }

    @Test("A changed data byte fails the CRC-32 check")
    func crcMismatchStored() throws {
        var writer = ZipWriter()
        writer.addFile("a.txt", Array("hello crc".utf8))
        var bytes = writer.finish()
        bytes[30 + 5] ^= 0x20  // first data byte: after the 30-byte local header and the 5-byte name
        #expect(read(bytes) == "a.txt: CRC-32 mismatch")
    }

    @Test("A wrong recorded CRC-32 on a deflate entry is refused")
    func crcMismatchDeflate() {
        var zip = DeflateZip()
        zip.entries.append(.init(name: "word/document.xml", data: Array("<w:document/>".utf8), declaredCRC: 0x1234_5678))
        #expect(read(zip.finish()) == "word/document.xml: CRC-32 mismatch")
    }

    @Test("A bomb declaring its real size is refused before anything is inflated")
    func honestBomb() {
        var zip = DeflateZip()
        zip.entries.append(.init(name: "bomb.xml", data: [UInt8](repeating: 0x41, count: (64 << 20) + 1), declaredCRC: 0))
        let bytes = zip.finish()
        #expect(bytes.count < 200_000)
        #expect(read(bytes) == "bomb.xml unpacks more than 200 times its size")
        var lenient = ZipReader.Limits.upload
        lenient.maxRatio = 10_000
        #expect(read(bytes, limits: lenient) == "bomb.xml unpacks to more than 67108864 bytes")
    }

    @Test("A bomb that declares a small size stops at that size")
    func lyingBomb() {
        var zip = DeflateZip()
        zip.entries.append(.init(name: "bomb.xml", data: [UInt8](repeating: 0, count: 80 << 20), declaredSize: 1_000, declaredCRC: 0))
        let bytes = zip.finish()
        #expect(bytes.count < 200_000)
        #expect(read(bytes) == "bomb.xml inflates past its declared 1000 bytes")
    }

    @Test("An entry inflating to less than it declares is refused")
    func shortEntry() {
        var zip = DeflateZip()
        zip.entries.append(.init(name: "a.xml", data: Array("<a/>".utf8), declaredSize: 10))
        #expect(read(zip.finish()) == "a.xml inflates to 4 bytes, not the declared 10")
    }

    @Test("The ratio cap applies above the floor only")
    func ratioCap() {
        var small = DeflateZip()
        small.entries.append(.init(name: "zeros", data: [UInt8](repeating: 0, count: 1 << 20)))
        #expect(read(small.finish()) == nil)  // 1 MiB of zeros is 1000:1, but at the floor
        var large = DeflateZip()
        large.entries.append(.init(name: "zeros", data: [UInt8](repeating: 0, count: (1 << 20) + 1), declaredCRC: 0))
        #expect(read(large.finish()) == "zeros unpacks more than 200 times its size")
    }

    @Test("The total size counts every entry")
    func totalAcrossEntries() {
        let limits = ZipReader.Limits(maxEntries: 10, maxTotalUncompressed: 1_000, maxRatio: 200, ratioFloor: 1 << 20)
        var zip = DeflateZip()
        zip.add("a", String(repeating: "a", count: 600))
        #expect(read(zip.finish(), limits: limits) == nil)
        zip.add("b", String(repeating: "b", count: 600))
        #expect(read(zip.finish(), limits: limits) == "entries unpack to more than 1000 bytes")
    }

    @Test("At most 1,000 entries")
    func entryCount() {
        var writer = ZipWriter()
        for index in 0..<1_000 { writer.addFile("f\(index)", []) }
        #expect(read(writer.finish()) == nil)
        writer.addFile("one-more", [])
        #expect(read(writer.finish()) == "zip lists 1001 entries, more than 1000")
    }

    @Test("Refuses encryption, unknown methods, duplicate names and damaged deflate data")
    func refusedEntries() {
        var encrypted = DeflateZip()
        encrypted.entries.append(.init(name: "secret", data: [1, 2, 3], flags: 1))
        #expect(read(encrypted.finish()) == "secret is encrypted")

        var bzip = DeflateZip()
        bzip.entries.append(.init(name: "b", data: [1, 2, 3], method: 12))
        #expect(read(bzip.finish()) == "b uses compression method 12")

        var twice = DeflateZip()
        twice.add("same", "one")
        twice.add("same", "two")
        #expect(read(twice.finish()) == "duplicate entry same")

        var damaged = DeflateZip()
        damaged.add("d", String(repeating: "damage ", count: 40))
        var bytes = damaged.finish()
        bytes[30 + 1] = 0xFF  // the first deflate block header: BTYPE 11 is reserved
        let reason = read(bytes) ?? ""
        #expect(reason.hasPrefix("d: damaged deflate data"))
    }

    @Test("Entries whose data overlap, or whose local header disagrees, are refused")
    func overlapAndMismatch() throws {
        var writer = ZipWriter()
        writer.addFile("a", Array("aaaa".utf8))
        writer.addFile("b", Array("bbbb".utf8))
        let good = writer.finish()
        // Point the second central entry at the first local header (offset 0): both now claim the same bytes.
        var overlapping = good
        let directoryStart = try #require(ZipWalk(good).items.last).offset + 31 + 4
        let secondOffsetField = directoryStart + 46 + 1 + 42
        #expect(Array(overlapping[secondOffsetField..<(secondOffsetField + 4)]) == [35, 0, 0, 0])
        overlapping.replaceSubrange(secondOffsetField..<(secondOffsetField + 4), with: [0, 0, 0, 0])
        let reason = read(overlapping) ?? ""
        #expect(reason == "a overlaps the next entry or the central directory"
            || reason == "b overlaps the next entry or the central directory")

        var renamed = good
        renamed[30] = UInt8(ascii: "z")  // the first local header's name, not the central one
        #expect(read(renamed) == "a: local header does not match the central directory")
    }
}
