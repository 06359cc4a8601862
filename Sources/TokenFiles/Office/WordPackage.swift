/// The built-in Word token document (.docx and .docm): one paragraph of text, the linked DrawingML picture in the body
/// (what LibreOffice fetches), and the default footer holding Word's own form, an `INCLUDEPICTURE … \d` field whose
/// result is a VML image of the same external relationship (docs/token-files.md §2, as the OSS template does).
package enum WordPackage {
    /// The main part.
    package static let documentPart = "word/document.xml"
    /// The default footer.
    package static let footerPart = "word/footer1.xml"
    /// The id of the external image relationship, in the document's and in the footer's relationships.
    package static let imageID = "rId1"
    /// The id of the footer relationship in the document's relationships.
    package static let footerID = "rId2"
    /// The text of the visible paragraph.
    package static let text = "Draft: please review the attached figures before Friday."

    /// The package for that token, in that format (`.docx` or `.docm`).
    package static func download(_ input: TokenFileInput, format: OfficeFormat) -> TokenDownload {
        var office = OfficePackage(
            mainPart: documentPart, format: format, created: input.created, application: "Microsoft Office Word"
        )
        office.add(documentPart, document())
        office.addRelationships(of: documentPart, [
            .linkedImage(id: imageID, url: input.url),
            OPCRelationship(id: footerID, type: OfficeXML.footerRelationship, target: "footer1.xml"),
        ])
        office.add(footerPart, footer(url: input.url),
                    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
        office.addRelationships(of: footerPart, [.linkedImage(id: imageID, url: input.url)])
        return office.download(token: input.token)
    }

    /// The field code in the footer: `\d` links the picture instead of storing it, so Word fetches it on open.
    package static func fieldCode(url: String) -> String {
        #" INCLUDEPICTURE  "\#(url)" \d  \* MERGEFORMAT "#
    }

    /// `word/document.xml`.
    private static func document() -> String {
        OfficeXML.declaration
            + #"<w:document xmlns:w="\#(OfficeXML.wordNamespace)" xmlns:r="\#(OfficeXML.relationshipsNamespace)">"#
            + "<w:body><w:p><w:r><w:t>\(OfficeXML.escapedText(text))</w:t></w:r></w:p>"
            + LinkedPicture.wordParagraph(relationshipID: imageID, drawingID: 1)
            + #"<w:sectPr><w:footerReference w:type="default" r:id="\#(footerID)"/>"#
            + #"<w:pgSz w:w="11906" w:h="16838"/>"#
            + #"<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" "#
            + #"w:header="708" w:footer="708" w:gutter="0"/>"#
            + "</w:sectPr></w:body></w:document>"
    }

    /// `word/footer1.xml`: the INCLUDEPICTURE field as a complex field (begin, code, separate, result, end).
    private static func footer(url: String) -> String {
        OfficeXML.declaration
            + #"<w:ftr xmlns:w="\#(OfficeXML.wordNamespace)" xmlns:r="\#(OfficeXML.relationshipsNamespace)" "#
            + #"xmlns:v="\#(OfficeXML.vmlNamespace)" xmlns:o="\#(OfficeXML.officeVMLNamespace)"><w:p>"#
            + #"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#
            + #"<w:r><w:instrText xml:space="preserve">"#
            + "\(OfficeXML.escapedText(fieldCode(url: url)))</w:instrText></w:r>"
            + #"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#
            + ##"<w:r><w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:.75pt;height:.75pt">"##
            + #"<v:imagedata r:id="\#(imageID)"/></v:shape></w:pict></w:r>"#
            + #"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            + "</w:p></w:ftr>"
    }
}
