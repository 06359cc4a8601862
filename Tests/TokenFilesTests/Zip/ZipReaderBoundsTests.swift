import Testing
@testable import TokenFiles

/// Issue 11, items 1, 3 and 6: bytes around the archive, whole-archive ratio bombs, attribute bombs, and what the
/// tokenizer copies without inflating.
@Suite struct ZipReaderBoundsTests {
    private func read(_ bytes: [UInt8], limits: ZipReader.Limits = .upload) -> String? {
        do {
            _ = try ZipReader(bytes, limits: limits)
            return nil
        } catch {
            if case .unreadableUpload(let reason) = error { return reason }
            return "\(error)"
        }
    }

    private static let upload = UploadFixture.zip().finish()

    @Test("Reads an archive followed by a line break, junk or preceded by a stub, as unzip does",
          arguments: [
              ([], Array("\n".utf8)), ([], Array("\r\n".utf8)), ([], Array("\r\n\r\n".utf8)),
              ([], [UInt8](repeating: 0xA5, count: 1_000)), (Array("MZ stub bytes".utf8), []),
              ([UInt8](repeating: 7, count: 4_096), Array("\n".utf8)),
          ] as [([UInt8], [UInt8])])
    func surroundingBytes(leading: [UInt8], trailing: [UInt8]) throws {
        let plain = try ZipReader(Self.upload)
        let reader = try ZipReader(leading + Self.upload + trailing)
        #expect(reader.entries.map(\.name) == plain.entries.map(\.name))
        #expect(reader.entries.map(\.data) == plain.entries.map(\.data))
        // The tokenized file is a clean zip: nothing before the first local header, nothing after the end record.
        let file = try OfficeBuilder(.docx).build(OfficeCase.input(kind: "doc-msword", upload: leading + Self.upload + trailing))
        #expect(ZipWalk(file.bytes).problems == [])
        #expect(file.bytes == (try OfficeBuilder(.docx).build(OfficeCase.input(kind: "doc-msword", upload: Self.upload))).bytes)
    }

    @Test("Reads an archive whose end record carries a comment, with a line break after it")
    func comment() throws {
        var bytes = Self.upload
        let comment = Array("made by a script".utf8)
        bytes[bytes.count - 2] = UInt8(comment.count)
        bytes += comment + Array("\r\n".utf8)
        #expect(try ZipReader(bytes).entries.count == (try ZipReader(Self.upload)).entries.count)
    }

    @Test("No end record within the last 65,557 bytes: refused")
    func noEndRecord() {
        #expect(read(Array("plain text, not a zip at all".utf8))
            == "no end of central directory record: not a zip, or truncated")
        // An end record followed by more than a comment's worth of bytes is out of reach, as for every zip reader.
        #expect(read(Self.upload + [UInt8](repeating: 0x20, count: 0xFFFF + 1))
            == "no end of central directory record: not a zip, or truncated")
    }

    @Test("Entries that each pass the per-entry ratio but together unpack 100 times the archive are refused")
    func totalRatio() {
        var zip = UploadFixture.zip()
        for index in 0..<62 {
            zip.entries.append(.init(name: "word/media/zeros\(index).bin", data: [UInt8](repeating: 0, count: 1 << 20)))
        }
        let bytes = zip.finish()
        #expect(bytes.count < 100_000)
        #expect(read(bytes) == "archive unpacks more than 100 times its size")
        // The same entries under the 8 MiB floor are read.
        var small = UploadFixture.zip()
        for index in 0..<7 {
            small.entries.append(.init(name: "word/media/zeros\(index).bin", data: [UInt8](repeating: 0, count: 1 << 20)))
        }
        #expect(read(small.finish()) == nil)
        #expect(ZipReader.Limits.upload.maxTotalRatio == 100 && ZipReader.Limits.upload.totalRatioFloor == 8 << 20)
    }

    @Test("The tokenizer copies untouched entries packed, byte for byte, and deflates the parts it changes")
    func packedCopies() throws {
        let image = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
        let source = UploadFixture.zip(extra: [.init(name: "word/media/image9.png", data: image)])
        let bytes = source.finish()
        let file = try OfficeBuilder(.docx).build(OfficeCase.input(kind: "doc-msword", upload: bytes))
        let input = try ZipReader(bytes)
        let output = try ZipReader(file.bytes)
        #expect(output.entries.map(\.name) == input.entries.map(\.name))
        let changed: Set = ["word/document.xml", "word/_rels/document.xml.rels"]
        for entry in input.entries where !changed.contains(entry.name) {
            let copy = try #require(output.entry(named: entry.name))
            #expect(copy.method == entry.method && copy.crc == entry.crc, "\(entry.name)")
            #expect(copy.packed.elementsEqual(entry.packed), "\(entry.name)")
        }
        #expect(output.entries.filter { changed.contains($0.name) }.map(\.method) == [8, 8])
        #expect(file.bytes.count < bytes.count + 2_000)
        #expect(ZipWalk(file.bytes).problems == [])
    }

    @Test("One tag with a million attributes keeps one 20-byte tag; attributes are read back from the bytes")
    func attributeBomb() throws {
        var part = Array(#"<w:document xmlns:w="urn:w""#.utf8)
        part.reserveCapacity(7_000_100)
        for _ in 0..<1_000_000 { part += Array(#" a="1""#.utf8) }
        part += Array(#" last="yes"><w:body/></w:document>"#.utf8)
        let scan = try XMLTagScanner(part, part: "word/document.xml")
        #expect(scan.tags.count == 3)
        #expect(MemoryLayout<XMLTagScanner.Tag>.stride == 20)
        #expect(scan.attribute("xmlns:w", of: scan.tags[0]) == "urn:w")
        #expect(scan.attribute("last", of: scan.tags[0]) == "yes")
        #expect(scan.attributes(scan.tags[1]) == [])
    }

    @Test("A malformed attribute in an attribute bomb is refused with its offset")
    func attributeBombRefused() {
        var part = Array("<r".utf8)
        for _ in 0..<100_000 { part += Array(#" a="1""#.utf8) }
        part += Array(" b=2/>".utf8)
        #expect(throws: TokenFileError.unreadableUpload("p.xml: unquoted attribute b in <r at byte \(part.count - 3)")) {
            try XMLTagScanner(part, part: "p.xml")
        }
    }
}
