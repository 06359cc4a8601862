import Foundation
import Testing
@testable import TokenFiles

/// A client's .docx as Word writes it: deflated parts, a picture of its own, a section break inside a paragraph, a
/// tracked change of the final section properties (a nested `w:sectPr`), a comment mentioning `<w:sectPr>`.
enum UploadFixture {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"
    static let head = declaration
        + #"<w:document xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#
        + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#
        + #"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#
        + #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
        + #"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"><w:body>"#
    static let content = #"<w:p w14:paraId="1A2B3C4D"><w:r><w:t>Quarterly &amp; annual report</w:t></w:r></w:p>"#
        + #"<w:p><w:pPr><w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:pPr>"#
        + #"<w:r><w:t xml:space="preserve">Section one ends > here </w:t></w:r></w:p>"#
        + "<!-- a comment with <w:sectPr> in it -->"
        + #"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="5" name="Logo"/>"#
        + #"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#
        + #"<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#
        + #"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>"#
        + #"<pic:cNvPr id="5" name="Logo"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId4"/>"#
        + "</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        + "<w:p><w:r><w:t><![CDATA[</w:body> is not here]]></w:t></w:r></w:p>"
    static let finalSection = #"<w:sectPr w:rsidR="00AB12CD"><w:pgSz w:w="12240" w:h="15840"/>"#
        + #"<w:sectPrChange w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:sectPr>"#
        + #"<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:sectPrChange></w:sectPr>"#
    static let tail = "</w:body></w:document>"
    static let document = head + content + finalSection + tail

    static let relationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        + #"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>"#
        + #"<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com/?a=1&amp;b=2" TargetMode="External"/>"#
        + "</Relationships>"

    static let typesHead = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
    static let relsDefault = #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
    static let typesRest = #"<Default Extension="xml" ContentType="application/xml"/>"#
        + #"<Default Extension="png" ContentType="image/png"/>"#
        + #"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#
        + #"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#
        + "</Types>"
    static let contentTypes = typesHead + relsDefault + typesRest

    static let packageRelationships = declaration
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
        + "</Relationships>"
    static let styles = declaration
        + #"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Normal"/></w:styles>"#
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<200).map { UInt8($0 * 7 % 256) }

    /// The archive, with parts replaced or dropped as asked.
    static func zip(
        document: String = document, relationships: String? = relationships, contentTypes: String = contentTypes,
        extra: [DeflateZip.Entry] = []
    ) -> DeflateZip {
        var zip = DeflateZip()
        zip.add("[Content_Types].xml", contentTypes)
        zip.add("_rels/.rels", packageRelationships)
        zip.add("word/document.xml", document)
        if let relationships { zip.add("word/_rels/document.xml.rels", relationships) }
        zip.add("word/styles.xml", styles)
        zip.add("word/media/", "", deflate: false)
        zip.entries.append(.init(name: "word/media/image1.png", data: png, deflate: false))
        zip.entries += extra
        return zip
    }
}

@Suite struct OfficeUploadTests {
    static let imageElement = #"<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" "#
        + #"Target="\#(OfficeCase.url)" TargetMode="External"/>"#

    private func tokenize(_ bytes: [UInt8]) throws -> (TokenDownload, ZipWalk) {
        let file = try OfficeBuilder(.docx).build(OfficeCase.input(kind: "doc-msword", upload: bytes))
        let walk = ZipWalk(file.bytes)
        #expect(walk.problems == [])
        return (file, walk)
    }

    @Test("Tokenizes a deflated docx: one relationship, one picture, every other entry unchanged")
    func tokenizes() throws {
        let source = UploadFixture.zip()
        let (file, walk) = try tokenize(source.finish())
        #expect(file.name == "\(OfficeCase.token).docx")
        #expect(file.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(walk.items.map(\.name) == source.entries.map(\.name))
        for entry in source.entries where !["word/document.xml", "word/_rels/document.xml.rels"].contains(entry.name) {
            #expect(walk.data(entry.name) == entry.data, "\(entry.name) changed")
        }
        // The relationships part: the original with exactly one element added before the end tag.
        let expectedRels = UploadFixture.relationships.replacingOccurrences(
            of: "</Relationships>", with: Self.imageElement + "</Relationships>"
        )
        #expect(walk.text("word/_rels/document.xml.rels") == expectedRels)
        // The document: the original with the picture paragraph inserted before the body's own sectPr.
        let paragraph = LinkedPicture.wordParagraph(relationshipID: "rId8", drawingID: 6)
        let expectedDocument = UploadFixture.head + UploadFixture.content + paragraph + UploadFixture.finalSection
            + UploadFixture.tail
        #expect(walk.text("word/document.xml") == expectedDocument)
        #expect(paragraph.contains(#"<a:blip r:link="rId8"/>"#))
        for item in walk.items where item.name.hasSuffix(".xml") || item.name.hasSuffix(".rels") {
            #expect(XMLCheck(item.data).errors == [], "\(item.name)")
        }
        // libxml2 agrees: one more drawing in the body, one linked blip, one more relationship.
        let document = XMLCheck(try #require(walk.data("word/document.xml")))
        #expect(document.elements("drawing", in: OfficeXML.wordNamespace).count == 2)
        #expect(document.elements("blip", in: OfficeXML.drawingNamespace).filter { $0.attributes["r:link"] != nil }.count == 1)
        let rels = XMLCheck(try #require(walk.data("word/_rels/document.xml.rels")))
        #expect(rels.elements("Relationship", in: OfficeBuilderTests.relationshipsNS).count == 4)
        // ZipReader reads its own output, and the output is itself a valid upload.
        #expect(try ZipReader(file.bytes).entries.map(\.name) == walk.items.map(\.name))
        #expect(throws: Never.self) { try WordUploadTokenizer.validate(file.bytes) }
    }

    /// `fixtures/files/office/libreoffice-minutes.docx`, found from this file's path (Tests/TokenFilesTests/Office/).
    static let realDocx = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/files/office/libreoffice-minutes.docx")

    @Test("Tokenizes a real LibreOffice docx (deflate entries with data descriptors)")
    func realLibreOfficeDocx() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.realDocx))
        let source = try ZipReader(bytes)
        #expect(source.entries.map(\.name) == [
            "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/_rels/document.xml.rels", "word/document.xml",
            "word/styles.xml", "word/fontTable.xml", "word/settings.xml", "[Content_Types].xml",
        ])
        #expect(source.entries.allSatisfy { $0.method == 8 })
        #expect(String(decoding: try #require(source.entry(named: "word/document.xml")).data, as: UTF8.self)
            .contains("<w:t>Board minutes</w:t>"))
        let (_, walk) = try tokenize(bytes)
        #expect(walk.items.map(\.name) == source.entries.map(\.name))
        for entry in source.entries where !["word/document.xml", "word/_rels/document.xml.rels"].contains(entry.name) {
            #expect(walk.data(entry.name) == entry.data, "\(entry.name) changed")
            #expect(CRC32.checksum(walk.data(entry.name) ?? []) == entry.crc)
        }
        let before = XMLCheck(try #require(source.entry(named: "word/_rels/document.xml.rels")).data)
            .elements("Relationship", in: OfficeBuilderTests.relationshipsNS)
        let after = XMLCheck(try #require(walk.data("word/_rels/document.xml.rels")))
            .elements("Relationship", in: OfficeBuilderTests.relationshipsNS)
        #expect(after.count == before.count + 1)
        let added = try #require(after.last)
        #expect(added.attributes["Target"] == OfficeCase.url && added.attributes["TargetMode"] == "External")
        #expect(!before.contains { $0.attributes["Id"] == added.attributes["Id"] })
        let document = XMLCheck(try #require(walk.data("word/document.xml")))
        #expect(document.errors == [])
        #expect(document.elements("blip", in: OfficeXML.drawingNamespace).map { $0.attributes["r:link"] }
            == [added.attributes["Id"]])
        #expect(document.texts.contains("Board minutes"))
    }

    @Test("Without a body sectPr the picture goes before </w:body>")
    func noSectionProperties() throws {
        let document = UploadFixture.head + UploadFixture.content + UploadFixture.tail
        let (_, walk) = try tokenize(UploadFixture.zip(document: document).finish())
        let paragraph = LinkedPicture.wordParagraph(relationshipID: "rId8", drawingID: 6)
        #expect(walk.text("word/document.xml") == UploadFixture.head + UploadFixture.content + paragraph + UploadFixture.tail)
    }

    @Test("A missing relationships part is created; the rels default is already there")
    func createsRelationships() throws {
        let source = UploadFixture.zip(relationships: nil)
        let (_, walk) = try tokenize(source.finish())
        #expect(walk.items.map(\.name) == source.entries.map(\.name) + ["word/_rels/document.xml.rels"])
        #expect(walk.text("word/_rels/document.xml.rels") == OfficeXML.declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + OfficeBuilderTests.imageElement(OfficeCase.url) + "</Relationships>")
        #expect(walk.text("[Content_Types].xml") == UploadFixture.contentTypes)
        #expect(walk.text("word/document.xml")?.contains(#"<a:blip r:link="rId1"/>"#) == true)
    }

    @Test("A missing relationships part gets a rels default when the content types lack one")
    func addsRelationshipsDefault() throws {
        let types = UploadFixture.typesHead + UploadFixture.typesRest
        let (_, walk) = try tokenize(UploadFixture.zip(relationships: nil, contentTypes: types).finish())
        #expect(walk.text("[Content_Types].xml") == UploadFixture.contentTypes)
    }

    @Test("A self-closed relationships root is opened to take the new element")
    func emptyRelationships() throws {
        let empty = UploadFixture.declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#
        let (_, walk) = try tokenize(UploadFixture.zip(relationships: empty).finish())
        #expect(walk.text("word/_rels/document.xml.rels") == UploadFixture.declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + OfficeBuilderTests.imageElement(OfficeCase.url) + "</Relationships>")
    }

    /// Uploads that must be refused, with the start of the reason.
    static let refused: [(String, [UInt8], String)] = {
        let good = UploadFixture.zip().finish()
        var crc = UploadFixture.zip()
        crc.entries[2].declaredCRC = 0xDEAD_BEEF
        var noTypes = UploadFixture.zip()
        noTypes.entries.removeFirst()
        var bomb = UploadFixture.zip()
        bomb.entries.append(.init(name: "word/bomb.xml", data: [UInt8](repeating: 0, count: 80 << 20), declaredSize: 4_096, declaredCRC: 0))
        var honestBomb = UploadFixture.zip()
        honestBomb.entries.append(.init(name: "word/bomb.xml", data: [UInt8](repeating: 0, count: 70 << 20), declaredCRC: 0))
        let macro = UploadFixture.contentTypes.replacingOccurrences(
            of: "officedocument.wordprocessingml.document.main+xml", with: "ms-word.document.macroEnabled.main+xml"
        )
        let excel = (try? OfficeBuilder(.xlsx).build(OfficeCase.input(kind: "doc-msexcel")).bytes) ?? []
        return [
            ("not a zip", Array("%PDF-1.4 not a zip".utf8), "too short to be a zip"),
            ("text", Array(String(repeating: "hello ", count: 20).utf8), "no end of central directory record"),
            ("an xlsx", excel, "no word/document.xml: not a Word document"),
            ("no content types", noTypes.finish(), "no [Content_Types].xml"),
            ("truncated", Array(good.dropLast(7)), "no end of central directory record"),
            ("truncated inside the data", Array(good[..<200]) + Array(good[400...]), "central directory"),
            ("CRC mismatch", crc.finish(), "word/document.xml: CRC-32 mismatch"),
            ("bomb lying about its size", bomb.finish(), "word/bomb.xml inflates past its declared 4096 bytes"),
            ("bomb declaring its size", honestBomb.finish(), "word/bomb.xml unpacks more than 200 times its size"),
            ("macro-enabled main part", UploadFixture.zip(contentTypes: macro).finish(), "word/document.xml is not declared as"),
            ("unbalanced document", UploadFixture.zip(document: UploadFixture.head + "<w:p></w:body></w:document>").finish(),
             "word/document.xml: end tag </w:body> does not match"),
            ("DTD in the document", UploadFixture.zip(document: UploadFixture.declaration + "<!DOCTYPE x [<!ENTITY a 'b'>]>"
                + UploadFixture.document.dropFirst(UploadFixture.declaration.count)).finish(), "word/document.xml: a DTD"),
            ("strict namespace", UploadFixture.zip(document: UploadFixture.document.replacingOccurrences(
                of: "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                with: "http://purl.oclc.org/ooxml/wordprocessingml/main")).finish(), "word/document.xml is not a transitional"),
            ("no body", UploadFixture.zip(document: UploadFixture.declaration
                + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#).finish(),
             "word/document.xml has no <w:body>"),
            ("unquoted attribute in rels", UploadFixture.zip(relationships: "<Relationships a=b></Relationships>").finish(),
             "word/_rels/document.xml.rels: unquoted attribute a"),
        ]
    }()

    @Test("Refused uploads fail cleanly, at create time and at download", arguments: 0..<refused.count)
    func refusedUpload(_ index: Int) {
        let (label, bytes, prefix) = Self.refused[index]
        do {
            try WordUploadTokenizer.validate(bytes)
            Issue.record("\(label): validateUpload accepted it")
        } catch {
            guard case .unreadableUpload(let reason) = error else { Issue.record("\(label): \(error)"); return }
            #expect(reason.hasPrefix(prefix), "\(label): \(reason)")
        }
        do {
            _ = try OfficeBuilder(.docx).build(OfficeCase.input(kind: "doc-msword", upload: bytes))
            Issue.record("\(label): build accepted it")
        } catch {
            guard case .unreadableUpload(let reason) = error else { Issue.record("\(label): \(error)"); return }
            #expect(reason.hasPrefix(prefix), "\(label): \(reason)")
        }
    }

    @Test("The other kinds ignore an upload")
    func otherKindsIgnoreUpload() throws {
        let plain = try OfficeBuilder(.docm).build(OfficeCase.input(kind: "msword-macro"))
        let withUpload = try OfficeBuilder(.docm).build(OfficeCase.input(kind: "msword-macro", upload: [1, 2, 3]))
        #expect(plain == withUpload)
    }
}
