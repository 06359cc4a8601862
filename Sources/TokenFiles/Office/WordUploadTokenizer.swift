/// Turns a client's own .docx into a token document: one external image relationship added to
/// `word/_rels/document.xml.rels` and one paragraph with the linked DrawingML picture added to the body, before its
/// final `w:sectPr`. Every other entry keeps its bytes (re-written stored, stamped with the token's creation time).
///
/// Only the picture form is added, not the footer field: the client's footers are theirs, and the linked picture is
/// what both Word and LibreOffice fetch (AFTER-CREATE-NOTES §4.2).
package enum WordUploadTokenizer {
    /// The main part.
    package static let documentPart = "word/document.xml"
    /// The main part's relationships.
    package static let relationshipsPart = "word/_rels/document.xml.rels"
    /// What the main part must be declared as: a Word document, not a template or a macro-enabled one.
    package static let mainContentType = OfficeFormat.docx.mainPartContentType

    /// Checks that `bytes` can be tokenized, so the API can refuse a bad upload when the token is created.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason.
    package static func validate(_ bytes: [UInt8]) throws(TokenFileError) {
        _ = try tokenizedEntries(ZipReader(bytes), url: "http://validation.invalid/")
    }

    /// The tokenized document, named and typed as doc-msword's own.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason.
    package static func tokenize(_ bytes: [UInt8], input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        let entries = try tokenizedEntries(ZipReader(bytes), url: input.url)
        var zip = ZipWriter(modified: input.created)
        for entry in entries {
            if entry.name.hasSuffix("/") {
                zip.addDirectory(entry.name)
            } else {
                zip.addFile(entry.name, entry.data)
            }
        }
        return TokenDownload(
            name: OfficeFormat.docx.fileName(token: input.token), contentType: OfficeFormat.docx.contentType,
            bytes: zip.finish()
        )
    }

    // MARK: - Parts

    /// A name and the bytes to write for it.
    private struct Output {
        let name: String
        let data: [UInt8]
    }

    /// Every entry of the upload in its order, three of them changed, plus the relationships part if it was missing.
    private static func tokenizedEntries(_ reader: ZipReader, url: String) throws(TokenFileError) -> [Output] {
        guard let contentTypes = reader.entry(named: OPCContentTypes.partName) else {
            throw .unreadableUpload("no [Content_Types].xml: not an Office document")
        }
        guard let document = reader.entry(named: documentPart) else {
            throw .unreadableUpload("no word/document.xml: not a Word document")
        }
        let types = try XMLTagScanner(contentTypes.data, part: OPCContentTypes.partName)
        guard types.tags.contains(where: { $0.localName == "Override" && $0.attribute("PartName") == "/" + documentPart
            && $0.attribute("ContentType") == mainContentType })
            || types.tags.contains(where: { $0.localName == "Default" && $0.attribute("Extension") == "xml"
                && $0.attribute("ContentType") == mainContentType })
        else {
            throw .unreadableUpload("word/document.xml is not declared as \(mainContentType)")
        }

        let existing = reader.entry(named: relationshipsPart)
        let (relationships, imageID) = try addImage(url: url, to: existing?.data)
        let newDocument = try addPicture(to: document.data, relationshipID: imageID)
        var newTypes = contentTypes.data
        if existing == nil { newTypes = try ensureRelationshipsDefault(contentTypes.data, types: types) }

        var outputs: [Output] = reader.entries.map { entry in
            switch entry.name {
            case documentPart: Output(name: entry.name, data: newDocument)
            case relationshipsPart: Output(name: entry.name, data: relationships)
            case OPCContentTypes.partName: Output(name: entry.name, data: newTypes)
            default: Output(name: entry.name, data: entry.data)
            }
        }
        if existing == nil { outputs.append(Output(name: relationshipsPart, data: relationships)) }
        return outputs
    }

    /// The relationships part with the external image relationship added under a fresh id (or a new part holding
    /// only it), and that id.
    private static func addImage(
        url: String, to part: [UInt8]?
    ) throws(TokenFileError) -> (part: [UInt8], id: String) {
        guard let part else {
            return (Array(OPCRelationship.part([.linkedImage(id: "rId1", url: url)]).utf8), "rId1")
        }
        let scan = try XMLTagScanner(part, part: relationshipsPart)
        guard let root = scan.tags.first, root.localName == "Relationships" else {
            throw .unreadableUpload("\(relationshipsPart): root is not <Relationships>")
        }
        let ids = Set(scan.tags.filter { $0.depth == 1 && $0.kind != .end }.compactMap { $0.attribute("Id") })
        let id = freshID(avoiding: ids)
        // Same prefix as the root, so the new element lands in the relationships namespace whatever the spelling.
        let prefix = root.name.dropLast(root.localName.count)
        let element = Array(OPCRelationship.linkedImage(id: id, url: url).element.utf8)
        let qualified = prefix.isEmpty ? element : Array("<\(prefix)".utf8) + element.dropFirst()
        var out: [UInt8] = []
        out.reserveCapacity(part.count + qualified.count + 20)
        if root.kind == .empty {
            out += part[..<(root.end - 2)] + Array(">".utf8) + qualified + Array("</\(root.name)>".utf8)
            out += part[root.end...]
        } else if let close = scan.tags.last, close.kind == .end, close.depth == 0 {
            out += part[..<close.start] + qualified + part[close.start...]
        } else {
            throw .unreadableUpload("\(relationshipsPart): no end tag for the root")
        }
        return (out, id)
    }

    /// `rId<n>` for the smallest n above every numbered id in use, checked against all of them.
    private static func freshID(avoiding ids: Set<String>) -> String {
        let highest = ids.compactMap { $0.hasPrefix("rId") ? Int($0.dropFirst(3)) : nil }.max() ?? 0
        var number = highest < Int.max - 1 ? highest + 1 : 1
        while ids.contains("rId\(number)") { number += 1 }
        return "rId\(number)"
    }

    /// The document with the picture paragraph inserted before the body's final `w:sectPr` (the section properties
    /// of the last section must stay the body's last child, ECMA-376 Part 1 §17.6.17), or before `</w:body>`.
    private static func addPicture(to document: [UInt8], relationshipID: String) throws(TokenFileError) -> [UInt8] {
        let scan = try XMLTagScanner(document, part: documentPart)
        guard let root = scan.tags.first, root.name == "w:document",
              root.attribute("xmlns:w") == OfficeXML.wordNamespace
        else {
            throw .unreadableUpload("word/document.xml is not a transitional <w:document> with the usual w: prefix")
        }
        let isBody = { (tag: XMLTagScanner.Tag) in tag.depth == 1 && tag.kind == .start && tag.name == "w:body" }
        guard let bodyIndex = scan.tags.firstIndex(where: isBody),
              let closeIndex = scan.tags[bodyIndex...].firstIndex(where: { $0.depth == 1 && $0.kind == .end })
        else {
            throw .unreadableUpload("word/document.xml has no <w:body> element with content")
        }
        let children = scan.tags[(bodyIndex + 1)..<closeIndex].filter { $0.depth == 2 && $0.kind != .end }
        let insertAt = children.last.flatMap { $0.name == "w:sectPr" ? $0.start : nil } ?? scan.tags[closeIndex].start
        let drawingIDs = scan.tags.filter { $0.localName == "docPr" }
            .compactMap { $0.attribute("id").flatMap { Int($0) } }
        let highest = drawingIDs.max() ?? 0
        let paragraph = LinkedPicture.wordParagraph(
            relationshipID: relationshipID, drawingID: highest < Int(Int32.max) ? highest + 1 : 1
        )
        return Array(document[..<insertAt]) + Array(paragraph.utf8) + Array(document[insertAt...])
    }

    /// The content types with a `rels` default added when none is there, which a new relationships part needs.
    private static func ensureRelationshipsDefault(
        _ part: [UInt8], types: XMLTagScanner
    ) throws(TokenFileError) -> [UInt8] {
        let hasDefault = types.tags.contains {
            $0.localName == "Default" && $0.attribute("Extension")?.lowercased() == "rels"
        }
        if hasDefault { return part }
        guard let root = types.tags.first, root.kind == .start, root.localName == "Types" else {
            throw .unreadableUpload("[Content_Types].xml: root is not <Types>")
        }
        let prefix = root.name.dropLast(root.localName.count)
        let element = #"<\#(prefix)Default Extension="rels" ContentType="\#(OfficeXML.relationshipsContentType)"/>"#
        return Array(part[..<root.end]) + Array(element.utf8) + Array(part[root.end...])
    }
}
