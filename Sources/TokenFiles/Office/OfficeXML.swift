import Basics

/// The XML vocabulary shared by every Office Open XML part we write: namespaces, relationship and content types,
/// the declaration, and escaping (ECMA-376 Part 1 and Part 2, Open Packaging Conventions).
package enum OfficeXML {
    /// The declaration every part starts with (Office writes `standalone="yes"`).
    package static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\r\n"

    // MARK: - Namespaces (transitional)

    /// WordprocessingML main.
    package static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    /// SpreadsheetML main.
    package static let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    /// Relationship references (`r:id`, `r:link`, `r:embed`).
    package static let relationshipsNamespace =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    /// DrawingML main (`a:`).
    package static let drawingNamespace = "http://schemas.openxmlformats.org/drawingml/2006/main"
    /// DrawingML picture (`pic:`).
    package static let pictureNamespace = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    /// DrawingML for WordprocessingML (`wp:`).
    package static let wordDrawingNamespace =
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    /// DrawingML for SpreadsheetML (`xdr:`).
    package static let spreadsheetDrawingNamespace =
        "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    /// VML (`v:`), which Word uses for INCLUDEPICTURE results.
    package static let vmlNamespace = "urn:schemas-microsoft-com:vml"
    /// Office VML extensions (`o:`).
    package static let officeVMLNamespace = "urn:schemas-microsoft-com:office:office"

    // MARK: - Relationship types

    /// The package's main part.
    package static let officeDocumentRelationship =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    /// Core properties (`docProps/core.xml`); this one is an OPC type, not an Office one.
    package static let corePropertiesRelationship =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    /// Extended properties (`docProps/app.xml`).
    package static let extendedPropertiesRelationship =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
    /// An image, here always external (`TargetMode="External"`): the token URL.
    package static let imageRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    /// A Word footer.
    package static let footerRelationship =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
    /// A worksheet of a workbook.
    package static let worksheetRelationship =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    /// A drawing of a worksheet.
    package static let drawingRelationship =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"

    // MARK: - Content types

    /// Relationship parts (`.rels`).
    package static let relationshipsContentType = "application/vnd.openxmlformats-package.relationships+xml"
    /// Core properties.
    package static let corePropertiesContentType = "application/vnd.openxmlformats-package.core-properties+xml"
    /// Extended properties.
    package static let extendedPropertiesContentType =
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"

    // MARK: - Escaping

    /// `text` escaped for attribute values in either quote style, and for element content (XML 1.0 §2.4, §3.3.3).
    package static func escaped(_ text: String) -> String {
        escape(text, quotes: true)
    }

    /// `text` escaped for element content only (XML 1.0 §2.4): quotes stay as they are, so a field code reads
    /// `INCLUDEPICTURE  "URL"` as Word writes it.
    package static func escapedText(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        Markup.escaped(text, quotes: quotes)
    }

    /// `seconds` since 1970 as W3CDTF in UTC (`2026-03-01T12:00:00Z`), the form `dcterms:created` takes.
    package static func w3cdtf(_ seconds: Double) -> String {
        let time = CivilTime(epochSeconds: seconds)
        let two = { (value: Int) in CivilTime.padded(value, 2) }
        return "\(CivilTime.padded(time.year, 4))-\(two(time.month))-\(two(time.day))"
            + "T\(two(time.hour)):\(two(time.minute)):\(two(time.second))Z"
    }
}
