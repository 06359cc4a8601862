import Testing
@testable import TokenFiles

@Suite struct XMLTagScannerTests {
    @Test("Finds start, empty and end tags with their offsets and depths")
    func offsets() throws {
        let text = #"<r a="1"><b/><c>x</c></r>"#
        let scan = try XMLTagScanner(Array(text.utf8), part: "p.xml")
        let tags = scan.tags
        #expect(tags.map(scan.name) == ["r", "b", "c", "c", "r"])
        #expect(tags.map(\.kind) == [.start, .empty, .start, .end, .end])
        #expect(tags.map(\.depth) == [0, 1, 1, 1, 0])
        #expect(tags.map(\.start) == [0, 9, 13, 17, 21])
        #expect(scan.attribute("a", of: tags[0]) == "1")
    }

    @Test("A part with more tags than the limit is refused, one with exactly the limit is read")
    func tagLimit() throws {
        #expect(XMLTagScanner.maxTags == 2_000_000)
        let limit = 1000
        func part(children: Int) -> [UInt8] {
            var bytes = Array("<r>".utf8)
            bytes.reserveCapacity(children * 4 + 7)
            for _ in 0..<children { bytes += [0x3C, 0x61, 0x2F, 0x3E] }  // <a/>
            return bytes + Array("</r>".utf8)
        }
        // The root's start and end tags count too.
        let atLimit = try XMLTagScanner(part(children: limit - 2), part: "word/document.xml", maxTags: limit)
        #expect(atLimit.tags.count == limit)
        // One child more: the root's end tag is tag 1001, refused once it is read (the offset is just past it).
        let over = part(children: limit - 1)
        #expect(throws: TokenFileError.unreadableUpload("word/document.xml: more than 1000 tags at byte \(over.count)")) {
            try XMLTagScanner(over, part: "word/document.xml", maxTags: limit)
        }
    }
}
