/// The DrawingML picture whose image is a *linked* external relationship (`<a:blip r:link="…"/>`): the form that
/// LibreOffice fetches on load as well as Word (docs/token-files.md §2, §4). One pixel (9,525 EMU) square.
package enum LinkedPicture {
    /// The picture's width and height in EMU: one pixel at 96 dpi.
    package static let extent = 9_525

    /// The `blipFill` and `spPr` children shared by Word's `pic:pic` and Excel's `xdr:pic`, with their prefix.
    private static func fillAndShape(prefix: String, relationshipID: String) -> String {
        #"<\#(prefix):blipFill><a:blip r:link="\#(OfficeXML.escaped(relationshipID))"/>"#
            + "<a:stretch><a:fillRect/></a:stretch></\(prefix):blipFill>"
            + #"<\#(prefix):spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\#(extent)" cy="\#(extent)"/></a:xfrm>"#
            + #"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></\#(prefix):spPr>"#
    }

    /// A WordprocessingML paragraph holding the picture inline. It declares every namespace it uses except `w:`, so
    /// it can be dropped into any transitional document, whatever that document's root declares.
    /// - Parameters:
    ///   - relationshipID: the id of the external image relationship in the part's relationships.
    ///   - drawingID: the `wp:docPr` id, unique among the document's drawings.
    package static func wordParagraph(relationshipID: String, drawingID: Int) -> String {
        #"<w:p xmlns:r="\#(OfficeXML.relationshipsNamespace)" xmlns:wp="\#(OfficeXML.wordDrawingNamespace)" "#
            + #"xmlns:a="\#(OfficeXML.drawingNamespace)" xmlns:pic="\#(OfficeXML.pictureNamespace)">"#
            + #"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">"#
            + #"<wp:extent cx="\#(extent)" cy="\#(extent)"/>"#
            + #"<wp:docPr id="\#(drawingID)" name="Picture \#(drawingID)"/>"#
            + #"<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>"#
            + #"<a:graphic><a:graphicData uri="\#(OfficeXML.pictureNamespace)"><pic:pic>"#
            + #"<pic:nvPicPr><pic:cNvPr id="\#(drawingID)" name="Picture \#(drawingID)"/><pic:cNvPicPr/></pic:nvPicPr>"#
            + fillAndShape(prefix: "pic", relationshipID: relationshipID)
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    }

    /// A SpreadsheetML drawing part (`xl/drawings/drawing1.xml`) holding the picture in a one-cell anchor at D4.
    package static func spreadsheetDrawing(relationshipID: String) -> String {
        OfficeXML.declaration
            + #"<xdr:wsDr xmlns:xdr="\#(OfficeXML.spreadsheetDrawingNamespace)" "#
            + #"xmlns:a="\#(OfficeXML.drawingNamespace)" xmlns:r="\#(OfficeXML.relationshipsNamespace)">"#
            + "<xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff>"
            + "<xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            + #"<xdr:ext cx="\#(extent)" cy="\#(extent)"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1"/>"#
            + #"<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>"#
            + fillAndShape(prefix: "xdr", relationshipID: relationshipID)
            + "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
    }
}
