/// The `[Content_Types].xml` part (ECMA-376 Part 2 §10.1.2): a content type per extension, overridden per part.
package struct OPCContentTypes: Sendable, Equatable {
    /// The part's name inside the package.
    package static let partName = "[Content_Types].xml"

    /// `(extension, content type)` pairs.
    package private(set) var defaults: [(String, String)] = [
        ("rels", OfficeXML.relationshipsContentType),
        ("xml", "application/xml"),
    ]
    /// `(part name with leading slash, content type)` pairs.
    package private(set) var overrides: [(String, String)] = []

    /// The two defaults every package needs (`rels`, `xml`) and no overrides.
    package init() {}

    /// Gives the part `name` (no leading slash) its own content type.
    package mutating func override(_ name: String, _ contentType: String) {
        overrides.append(("/" + name, contentType))
    }

    /// The part's XML.
    package var xml: String {
        OfficeXML.declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + defaults.map { #"<Default Extension="\#($0.0)" ContentType="\#($0.1)"/>"# }.joined()
            + overrides.map { #"<Override PartName="\#(OfficeXML.escaped($0.0))" ContentType="\#($0.1)"/>"# }.joined()
            + "</Types>"
    }

    /// Compares the pairs (tuples are not `Equatable`).
    package static func == (lhs: OPCContentTypes, rhs: OPCContentTypes) -> Bool {
        lhs.defaults.elementsEqual(rhs.defaults, by: ==) && lhs.overrides.elementsEqual(rhs.overrides, by: ==)
    }
}
