/// The built-in Excel token workbook (.xlsx and .xlsm): one sheet with an inline string, and a drawing holding the
/// linked picture, whose external image relationship is the token URL (docs/token-files.md §4).
package enum ExcelPackage {
    /// The main part.
    package static let workbookPart = "xl/workbook.xml"
    /// The only sheet.
    package static let sheetPart = "xl/worksheets/sheet1.xml"
    /// The sheet's drawing.
    package static let drawingPart = "xl/drawings/drawing1.xml"
    /// The id of the external image relationship in the drawing's relationships.
    package static let imageID = "rId1"
    /// The text in A1.
    package static let text = "Q3 budget (draft)"

    /// The package for that token, in that format (`.xlsx` or `.xlsm`).
    package static func download(_ input: TokenFileInput, format: OfficeFormat) -> TokenDownload {
        var office = OfficePackage(
            mainPart: workbookPart, format: format, created: input.created, application: "Microsoft Excel"
        )
        office.add(workbookPart, OfficeXML.declaration
            + #"<workbook xmlns="\#(OfficeXML.spreadsheetNamespace)" xmlns:r="\#(OfficeXML.relationshipsNamespace)">"#
            + #"<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
        office.addRelationships(of: workbookPart, [
            OPCRelationship(id: "rId1", type: OfficeXML.worksheetRelationship, target: "worksheets/sheet1.xml"),
        ])
        office.add(sheetPart, OfficeXML.declaration
            + #"<worksheet xmlns="\#(OfficeXML.spreadsheetNamespace)" xmlns:r="\#(OfficeXML.relationshipsNamespace)">"#
            + #"<sheetData><row r="1"><c r="A1" t="inlineStr">"#
            + "<is><t>\(OfficeXML.escapedText(text))</t></is></c></row>"
            + #"</sheetData><drawing r:id="rId1"/></worksheet>"#,
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        office.addRelationships(of: sheetPart, [
            OPCRelationship(id: "rId1", type: OfficeXML.drawingRelationship, target: "../drawings/drawing1.xml"),
        ])
        office.add(drawingPart, LinkedPicture.spreadsheetDrawing(relationshipID: imageID),
                    contentType: "application/vnd.openxmlformats-officedocument.drawing+xml")
        office.addRelationships(of: drawingPart, [.linkedImage(id: imageID, url: input.url)])
        return office.download(token: input.token)
    }
}
