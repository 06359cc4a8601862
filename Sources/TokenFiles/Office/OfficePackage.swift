/// An Office Open XML package being assembled: the parts, `[Content_Types].xml`, the package relationships and the
/// document properties, written as a stored zip (docs/token-files.md §10: Office and LibreOffice read stored parts).
package struct OfficePackage: Sendable {
    /// The core properties part.
    package static let corePropertiesPart = "docProps/core.xml"
    /// The extended properties part.
    package static let extendedPropertiesPart = "docProps/app.xml"
    /// The package relationships part.
    package static let packageRelationshipsPart = "_rels/.rels"

    private var contentTypes = OPCContentTypes()
    private var parts: [(name: String, bytes: [UInt8])] = []
    private let format: OfficeFormat
    private let created: Double

    /// A package whose main part is `mainPart` (given `format`'s main content type), with the package relationships
    /// and the core and extended properties already in place. Both dates are `created`, the token's creation time.
    /// - Parameter application: the `Application` the extended properties name (`Microsoft Office Word`).
    package init(mainPart: String, format: OfficeFormat, created: Double, application: String) {
        self.format = format
        self.created = created
        contentTypes.override(mainPart, format.mainPartContentType)
        add(OfficePackage.packageRelationshipsPart, OPCRelationship.part([
            OPCRelationship(id: "rId1", type: OfficeXML.officeDocumentRelationship, target: mainPart),
            OPCRelationship(id: "rId2", type: OfficeXML.corePropertiesRelationship,
                            target: OfficePackage.corePropertiesPart),
            OPCRelationship(id: "rId3", type: OfficeXML.extendedPropertiesRelationship,
                            target: OfficePackage.extendedPropertiesPart),
        ]))
        add(OfficePackage.corePropertiesPart, OfficePackage.coreProperties(created: created),
            contentType: OfficeXML.corePropertiesContentType)
        add(OfficePackage.extendedPropertiesPart, OfficePackage.extendedProperties(application: application),
            contentType: OfficeXML.extendedPropertiesContentType)
    }

    /// Adds a part; `contentType` becomes an override (parts without one are plain `application/xml` or `.rels`).
    package mutating func add(_ name: String, _ xml: String, contentType: String? = nil) {
        if let contentType { contentTypes.override(name, contentType) }
        parts.append((name, Array(xml.utf8)))
    }

    /// Adds the relationships part of `sourcePart`: `word/document.xml` → `word/_rels/document.xml.rels`.
    package mutating func addRelationships(of sourcePart: String, _ relationships: [OPCRelationship]) {
        add(OfficePackage.relationshipsPart(of: sourcePart), OPCRelationship.part(relationships))
    }

    /// The relationships part name of `sourcePart` (ECMA-376 Part 2 §9.3.3.1).
    package static func relationshipsPart(of sourcePart: String) -> String {
        guard let slash = sourcePart.lastIndex(of: "/") else { return "_rels/\(sourcePart).rels" }
        return "\(sourcePart[...slash])_rels/\(sourcePart[sourcePart.index(after: slash)...]).rels"
    }

    /// The zip, content types first, every entry stamped with the creation time, named `<token>.<extension>`.
    package func download(token: String) -> TokenDownload {
        var zip = ZipWriter(modified: created)
        zip.addFile(OPCContentTypes.partName, Array(contentTypes.xml.utf8))
        for part in parts { zip.addFile(part.name, part.bytes) }
        return TokenDownload(name: format.fileName(token: token), contentType: format.contentType, bytes: zip.finish())
    }

    /// `docProps/core.xml`: created and modified both at the token's creation time.
    private static func coreProperties(created: Double) -> String {
        let date = OfficeXML.w3cdtf(created)
        return OfficeXML.declaration
            + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#
            + #"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#
            + #"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
            + "<cp:revision>1</cp:revision>"
            + #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(date)</dcterms:created>"#
            + #"<dcterms:modified xsi:type="dcterms:W3CDTF">\#(date)</dcterms:modified>"#
            + "</cp:coreProperties>"
    }

    /// `docProps/app.xml`, naming the application as Office itself would.
    private static func extendedProperties(application: String) -> String {
        OfficeXML.declaration
            + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#
            + #"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
            + "<Application>\(OfficeXML.escaped(application))</Application><DocSecurity>0</DocSecurity>"
            + "</Properties>"
    }
}
