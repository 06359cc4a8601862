/// One `<Relationship>` of a relationships part (ECMA-376 Part 2 §9.3).
package struct OPCRelationship: Sendable, Equatable {
    /// The id the source part refers to (`rId1`).
    package let id: String
    /// The relationship type URI.
    package let type: String
    /// The target: a part name relative to the source part's folder, or a URL when `external`.
    package let target: String
    /// Whether the target lies outside the package (`TargetMode="External"`).
    package let external: Bool

    /// Makes a relationship.
    package init(id: String, type: String, target: String, external: Bool = false) {
        self.id = id
        self.type = type
        self.target = target
        self.external = external
    }

    /// The external image relationship that makes Word, Excel and LibreOffice fetch `url` when they show the picture.
    package static func linkedImage(id: String, url: String) -> OPCRelationship {
        OPCRelationship(id: id, type: OfficeXML.imageRelationship, target: url, external: true)
    }

    /// The element, with the target escaped.
    package var element: String {
        #"<Relationship Id="\#(OfficeXML.escaped(id))" Type="\#(type)" Target="\#(OfficeXML.escaped(target))""#
            + (external ? #" TargetMode="External"/>"# : "/>")
    }

    /// A whole relationships part holding `relationships`.
    package static func part(_ relationships: [OPCRelationship]) -> String {
        OfficeXML.declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + relationships.map(\.element).joined()
            + "</Relationships>"
    }
}
