/// Turns a client's own .docx into a token document: one external image relationship added to
/// `word/_rels/document.xml.rels` and one paragraph with the linked DrawingML picture added to the body, before its
/// final `w:sectPr`. Every other entry is copied packed as it came (same method, CRC-32 and bytes; never inflated),
/// under the token's creation time; the changed parts are deflated. Bytes before or after the upload's zip are not
/// carried over, so the output is a clean archive.
///
/// Only the picture form is added, not the footer field: the client's footers are theirs, and the linked picture is
/// what both Word and LibreOffice fetch (docs/token-files.md §2).
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

    /// The first, cheaper half of `validate`: a zip within the unpacking limits whose every entry checks out, holding
    /// `[Content_Types].xml` and `word/document.xml`. The parts' XML is not scanned; building the file, which create
    /// does next since `OfficeBuilder(.docx).buildsAtCreate`, is the rest of the check.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason (for the log).
    package static func checkPackage(_ bytes: [UInt8]) throws(TokenFileError) {
        let reader = try ZipReader(bytes)
        guard reader.entry(named: OPCContentTypes.partName) != nil else {
            throw .unreadableUpload("no [Content_Types].xml: not an Office document")
        }
        guard reader.entry(named: documentPart) != nil else {
            throw .unreadableUpload("no word/document.xml: not a Word document")
        }
    }

    /// The tokenized document, named and typed as doc-msword's own.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason.
    package static func tokenize(_ bytes: [UInt8], input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        let reader = try ZipReader(bytes)
        let changed = try tokenizedEntries(reader, url: input.url)
        var zip = ZipWriter(modified: input.created)
        for entry in reader.entries {
            if let pieces = changed.parts[entry.name] {
                zip.addDeflated(entry.name, pieces: pieces)
            } else if entry.isDirectory {
                zip.addDirectory(entry.name)
            } else {
                zip.addPacked(
                    entry.name, method: entry.method, crc: entry.crc, size: entry.uncompressedSize,
                    packed: entry.packed
                )
            }
        }
        if let added = changed.addedRelationships { zip.addDeflated(relationshipsPart, pieces: [added[...]]) }
        return TokenDownload(
            name: OfficeFormat.docx.fileName(token: input.token), contentType: OfficeFormat.docx.contentType,
            bytes: zip.finish()
        )
    }

    // MARK: - Parts

    /// What tokenizing changes: the new bytes of up to three parts, each as pieces to write one after the other
    /// (the document is its original bytes around the inserted paragraph, never copied whole), and the
    /// relationships part when the upload had none.
    private struct Changes {
        var parts: [String: [ArraySlice<UInt8>]] = [:]
        var addedRelationships: [UInt8]?
    }

    /// The parts tokenizing changes; every other entry is kept as it is. Only these three parts are inflated.
    private static func tokenizedEntries(_ reader: ZipReader, url: String) throws(TokenFileError) -> Changes {
        guard let contentTypesEntry = reader.entry(named: OPCContentTypes.partName) else {
            throw .unreadableUpload("no [Content_Types].xml: not an Office document")
        }
        guard let documentEntry = reader.entry(named: documentPart) else {
            throw .unreadableUpload("no word/document.xml: not a Word document")
        }
        let contentTypes = contentTypesEntry.data
        let types = try XMLTagScanner(contentTypes, part: OPCContentTypes.partName)
        guard types.tags.contains(where: { types.hasLocalName($0, "Override")
            && types.attribute("PartName", of: $0) == "/" + documentPart
            && types.attribute("ContentType", of: $0) == mainContentType })
            || types.tags.contains(where: { types.hasLocalName($0, "Default")
                && types.attribute("Extension", of: $0) == "xml"
                && types.attribute("ContentType", of: $0) == mainContentType })
        else {
            throw .unreadableUpload("word/document.xml is not declared as \(mainContentType)")
        }

        let existing = reader.entry(named: relationshipsPart)
        let (relationships, imageID) = try addImage(url: url, to: existing?.data)
        var changes = Changes()
        changes.parts[documentPart] = try addPicture(to: documentEntry.data, relationshipID: imageID)
        if existing == nil {
            changes.addedRelationships = relationships
            changes.parts[OPCContentTypes.partName] = [try ensureRelationshipsDefault(contentTypes, types: types)[...]]
        } else {
            changes.parts[relationshipsPart] = [relationships[...]]
        }
        return changes
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
        guard let root = scan.tags.first, scan.hasLocalName(root, "Relationships") else {
            throw .unreadableUpload("\(relationshipsPart): root is not <Relationships>")
        }
        let ids = Set(scan.tags.filter { $0.depth == 1 && $0.kind != .end }.compactMap { scan.attribute("Id", of: $0) })
        let id = freshID(avoiding: ids)
        // Same prefix as the root, so the new element lands in the relationships namespace whatever the spelling.
        let rootName = scan.name(root)
        let prefix = rootName.dropLast(scan.localName(root).count)
        let element = Array(OPCRelationship.linkedImage(id: id, url: url).element.utf8)
        let qualified = prefix.isEmpty ? element : Array("<\(prefix)".utf8) + element.dropFirst()
        var out: [UInt8] = []
        out.reserveCapacity(part.count + qualified.count + 20)
        if root.kind == .empty {
            out += part[..<(root.end - 2)] + Array(">".utf8) + qualified + Array("</\(rootName)>".utf8)
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
    private static func addPicture(
        to document: [UInt8], relationshipID: String
    ) throws(TokenFileError) -> [ArraySlice<UInt8>] {
        let scan = try XMLTagScanner(document, part: documentPart)
        guard let root = scan.tags.first, scan.name(root) == "w:document",
              scan.attribute("xmlns:w", of: root) == OfficeXML.wordNamespace
        else {
            throw .unreadableUpload("word/document.xml is not a transitional <w:document> with the usual w: prefix")
        }
        let isBody = { (tag: XMLTagScanner.Tag) in tag.depth == 1 && tag.kind == .start && scan.name(tag) == "w:body" }
        guard let bodyIndex = scan.tags.firstIndex(where: isBody),
              let closeIndex = scan.tags[bodyIndex...].firstIndex(where: { $0.depth == 1 && $0.kind == .end })
        else {
            throw .unreadableUpload("word/document.xml has no <w:body> element with content")
        }
        let lastChild = scan.tags[(bodyIndex + 1)..<closeIndex].last { $0.depth == 2 && $0.kind != .end }
        let insertAt = lastChild.flatMap { scan.name($0) == "w:sectPr" ? $0.start : nil } ?? scan.tags[closeIndex].start
        var highest = 0
        for tag in scan.tags where tag.kind != .end && scan.hasLocalName(tag, "docPr") {
            if let id = scan.attribute("id", of: tag).flatMap({ Int($0) }) { highest = Swift.max(highest, id) }
        }
        let paragraph = LinkedPicture.wordParagraph(
            relationshipID: relationshipID, drawingID: highest < Int(Int32.max) ? highest + 1 : 1
        )
        return [document[..<insertAt], Array(paragraph.utf8)[...], document[insertAt...]]
    }

    /// The content types with a `rels` default added when none is there, which a new relationships part needs.
    private static func ensureRelationshipsDefault(
        _ part: [UInt8], types: XMLTagScanner
    ) throws(TokenFileError) -> [UInt8] {
        let hasDefault = types.tags.contains {
            types.hasLocalName($0, "Default") && types.attribute("Extension", of: $0)?.lowercased() == "rels"
        }
        if hasDefault { return part }
        guard let root = types.tags.first, root.kind == .start, types.hasLocalName(root, "Types") else {
            throw .unreadableUpload("[Content_Types].xml: root is not <Types>")
        }
        let prefix = types.name(root).dropLast(types.localName(root).count)
        let element = #"<\#(prefix)Default Extension="rels" ContentType="\#(OfficeXML.relationshipsContentType)"/>"#
        return Array(part[..<root.end]) + Array(element.utf8) + Array(part[root.end...])
    }
}
