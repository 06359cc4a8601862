import Foundation
import Testing
@testable import TokenFiles

/// The expectations for one Office kind.
struct OfficeCase: CustomTestStringConvertible, Sendable {
    let kind: String
    let builder: any TokenFileBuilder
    let format: OfficeFormat
    let mainPart: String
    let parts: [String]
    let overrides: [String: String]
    /// Relationship parts holding the external image relationship `rId1`.
    let imageRelationshipParts: [String]

    var testDescription: String { kind }

    static let token = "abcdefghij0123456789klmno"
    static let url = "http://canarytokens.localhost/about/\(token)/index.html"
    /// 2021-03-04T05:06:08Z.
    static let created = 1_614_834_368.0

    static func input(kind: String, url: String = url, upload: [UInt8]? = nil) -> TokenFileInput {
        TokenFileInput(
            token: token, kind: kind, url: url, hostname: "\(token).canarytokens.localhost",
            domain: "canarytokens.localhost", memo: "memo", created: created, upload: upload
        )
    }

    private static let common = [
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    ]

    private static func word(_ kind: String, _ builder: any TokenFileBuilder, _ format: OfficeFormat) -> OfficeCase {
        OfficeCase(
            kind: kind, builder: builder, format: format, mainPart: "word/document.xml",
            parts: [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                "word/_rels/document.xml.rels", "word/footer1.xml", "word/_rels/footer1.xml.rels",
            ],
            overrides: common.merging([
                "/word/document.xml": format.mainPartContentType,
                "/word/footer1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
            ]) { $1 },
            imageRelationshipParts: ["word/_rels/document.xml.rels", "word/_rels/footer1.xml.rels"]
        )
    }

    private static func excel(_ kind: String, _ builder: any TokenFileBuilder, _ format: OfficeFormat) -> OfficeCase {
        OfficeCase(
            kind: kind, builder: builder, format: format, mainPart: "xl/workbook.xml",
            parts: [
                "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels",
                "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels",
            ],
            overrides: common.merging([
                "/xl/workbook.xml": format.mainPartContentType,
                "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                "/xl/drawings/drawing1.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
            ]) { $1 },
            imageRelationshipParts: ["xl/drawings/_rels/drawing1.xml.rels"]
        )
    }

    static let all: [OfficeCase] = [
        word("doc-msword", OfficeBuilder(.docx), .docx),
        word("msword-macro", OfficeBuilder(.docm), .docm),
        excel("doc-msexcel", OfficeBuilder(.xlsx), .xlsx),
        excel("msexcel-macro", OfficeBuilder(.xlsm), .xlsm),
    ]
}

@Suite struct OfficeBuilderTests {
    static let relationshipsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypesNS = "http://schemas.openxmlformats.org/package/2006/content-types"

    /// The exact element that carries the token URL.
    static func imageElement(_ escapedURL: String) -> String {
        #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" "#
            + #"Target="\#(escapedURL)" TargetMode="External"/>"#
    }

    @Test("File name, content type, and the same entries whichever way the zip is read", arguments: OfficeCase.all)
    func packageShape(_ kase: OfficeCase) throws {
        let file = try kase.builder.build(OfficeCase.input(kind: kase.kind))
        #expect(file.name == "\(OfficeCase.token).\(kase.format.fileExtension)")
        #expect(file.contentType == kase.format.contentType)
        let walk = ZipWalk(file.bytes)
        #expect(walk.problems == [])
        #expect(walk.items.map(\.name) == kase.parts)
        #expect(walk.items.allSatisfy { $0.method == 0 })
        // 2021-03-04 05:06:08 in MS-DOS form.
        #expect(walk.items.allSatisfy { $0.dosDate == (41 << 9 | 3 << 5 | 4) && $0.dosTime == (5 << 11 | 6 << 5 | 4) })
        let reader = try ZipReader(file.bytes)
        #expect(reader.entries.map(\.name) == kase.parts)
        #expect(reader.entries.map(\.data) == walk.items.map(\.data))
        // Deterministic: the same token gives the same bytes.
        #expect(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes == file.bytes)
    }

    @Test("Every part is well-formed XML with bound namespaces", arguments: OfficeCase.all)
    func wellFormed(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        for item in walk.items {
            let check = XMLCheck(item.data)
            #expect(check.errors == [], "\(item.name)")
            #expect(item.data.starts(with: Array(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8)))
        }
    }

    @Test("Content types: rels and xml defaults, and an override for each typed part", arguments: OfficeCase.all)
    func contentTypes(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        let check = XMLCheck(try #require(walk.data("[Content_Types].xml")))
        let defaults = check.elements("Default", in: Self.contentTypesNS)
        #expect(defaults.map { $0.attributes["Extension"] } == ["rels", "xml"])
        #expect(defaults.map { $0.attributes["ContentType"] }
            == ["application/vnd.openxmlformats-package.relationships+xml", "application/xml"])
        var overrides: [String: String] = [:]
        for element in check.elements("Override", in: Self.contentTypesNS) {
            overrides[element.attributes["PartName"] ?? ""] = element.attributes["ContentType"]
        }
        #expect(overrides == kase.overrides)
        // Every override names a part that exists.
        #expect(Set(overrides.keys).isSubset(of: Set(kase.parts.map { "/" + $0 })))
    }

    @Test("Every internal relationship resolves to a part; the package points at the main part", arguments: OfficeCase.all)
    func relationshipsResolve(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        let names = Set(walk.items.map(\.name))
        var externals: [String: [String]] = [:]
        for item in walk.items where item.name.hasSuffix(".rels") {
            // word/_rels/document.xml.rels → targets are relative to word/
            let folder = item.name.components(separatedBy: "_rels/")[0]
            for element in XMLCheck(item.data).elements("Relationship", in: Self.relationshipsNS) {
                let target = element.attributes["Target"] ?? ""
                if element.attributes["TargetMode"] == "External" {
                    externals[item.name, default: []].append(target)
                    continue
                }
                var path = (folder + target).components(separatedBy: "/")
                while let up = path.firstIndex(of: ".."), up > 0 { path.removeSubrange((up - 1)...up) }
                #expect(names.contains(path.joined(separator: "/")), "\(item.name): \(target)")
            }
        }
        #expect(externals == Dictionary(uniqueKeysWithValues: kase.imageRelationshipParts.map { ($0, [OfficeCase.url]) }))
        let packageRels = try #require(walk.text("_rels/.rels"))
        #expect(packageRels.contains(#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="\#(kase.mainPart)"/>"#))
    }

    @Test("The external image relationship, exactly", arguments: OfficeCase.all)
    func imageRelationship(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        for part in kase.imageRelationshipParts {
            let text = try #require(walk.text(part))
            #expect(text.contains(Self.imageElement(OfficeCase.url)), "\(part)")
        }
        let mentions = walk.items.map { String(decoding: $0.data, as: UTF8.self).components(separatedBy: OfficeCase.url).count - 1 }
        // Word: both relationships and the footer field; Excel: the drawing's relationship.
        #expect(mentions.reduce(0, +) == (kase.mainPart == "word/document.xml" ? 3 : 1))
    }

    @Test("Word: linked picture in the body, INCLUDEPICTURE field in the default footer", arguments: OfficeCase.all.filter { $0.mainPart == "word/document.xml" })
    func wordForms(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        let document = try #require(walk.text("word/document.xml"))
        #expect(document.components(separatedBy: #"<a:blip r:link="rId1"/>"#).count == 2)
        #expect(document.contains(#"<w:sectPr><w:footerReference w:type="default" r:id="rId2"/>"#))
        #expect(document.contains("<w:t>\(WordPackage.text)</w:t>"))
        let documentRels = try #require(walk.text("word/_rels/document.xml.rels"))
        #expect(documentRels.contains(#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#))
        let footer = try #require(walk.data("word/footer1.xml"))
        let footerText = String(decoding: footer, as: UTF8.self)
        #expect(footerText.contains(#"<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE  "\#(OfficeCase.url)" \d  \* MERGEFORMAT </w:instrText></w:r>"#))
        #expect(footerText.contains(#"<v:imagedata r:id="rId1"/></v:shape>"#))
        let fieldChars = XMLCheck(footer).elements("fldChar", in: OfficeXML.wordNamespace)
        #expect(fieldChars.map { $0.attributes["w:fldCharType"] ?? $0.attributes["fldCharType"] } == ["begin", "separate", "end"])
    }

    @Test("Excel: inline string in A1, drawing with a one-cell anchored linked picture", arguments: OfficeCase.all.filter { $0.mainPart == "xl/workbook.xml" })
    func excelForms(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        let sheet = try #require(walk.text("xl/worksheets/sheet1.xml"))
        #expect(sheet.contains(#"<c r="A1" t="inlineStr"><is><t>\#(ExcelPackage.text)</t></is></c>"#))
        #expect(sheet.contains(#"</sheetData><drawing r:id="rId1"/></worksheet>"#))
        let drawing = try #require(walk.text("xl/drawings/drawing1.xml"))
        #expect(drawing.contains("<xdr:oneCellAnchor>"))
        #expect(drawing.components(separatedBy: #"<a:blip r:link="rId1"/>"#).count == 2)
        let workbook = try #require(walk.text("xl/workbook.xml"))
        #expect(workbook.contains(#"<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>"#))
    }

    @Test("Core properties carry the token's creation time", arguments: OfficeCase.all)
    func coreProperties(_ kase: OfficeCase) throws {
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind)).bytes)
        let core = try #require(walk.text("docProps/core.xml"))
        #expect(core.contains(#"<dcterms:created xsi:type="dcterms:W3CDTF">2021-03-04T05:06:08Z</dcterms:created>"#))
        #expect(core.contains(#"<dcterms:modified xsi:type="dcterms:W3CDTF">2021-03-04T05:06:08Z</dcterms:modified>"#))
    }

    @Test("A URL with XML metacharacters is escaped in attributes and in the field text", arguments: OfficeCase.all)
    func escaping(_ kase: OfficeCase) throws {
        let url = #"http://canarytokens.localhost/a/tok/p?x=1&y="2"<'>"#
        let escaped = "http://canarytokens.localhost/a/tok/p?x=1&amp;y=&quot;2&quot;&lt;&apos;&gt;"
        let walk = ZipWalk(try kase.builder.build(OfficeCase.input(kind: kase.kind, url: url)).bytes)
        for item in walk.items { #expect(XMLCheck(item.data).errors == [], "\(item.name)") }
        for part in kase.imageRelationshipParts {
            let data = try #require(walk.data(part))
            #expect(String(decoding: data, as: UTF8.self).contains(Self.imageElement(escaped)))
            let targets = XMLCheck(data).elements("Relationship", in: Self.relationshipsNS).map { $0.attributes["Target"] }
            #expect(targets.contains(url))
        }
        if let footer = walk.data("word/footer1.xml") {
            let textEscaped = #"http://canarytokens.localhost/a/tok/p?x=1&amp;y="2"&lt;'&gt;"#
            #expect(String(decoding: footer, as: UTF8.self).contains(#"INCLUDEPICTURE  "\#(textEscaped)" \d"#))
            #expect(XMLCheck(footer).texts.contains(#" INCLUDEPICTURE  "\#(url)" \d  \* MERGEFORMAT "#))
        }
    }

    @Test("Relationship part names follow OPC", arguments: [
        ("word/document.xml", "word/_rels/document.xml.rels"),
        ("xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"),
        ("top.xml", "_rels/top.xml.rels"),
    ])
    func relationshipsPartNames(_ source: String, _ expected: String) {
        #expect(OfficePackage.relationshipsPart(of: source) == expected)
    }
}
