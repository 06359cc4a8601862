/// Finds the tags of an uploaded XML part, with their byte offsets, so a few bytes can be inserted at the right place
/// and every other byte kept as it was.
///
/// Not a full XML parser: it checks that tags are balanced, that there is one root, and that attribute values are
/// quoted, and it skips comments, processing instructions and CDATA. It refuses a DTD, which OPC forbids in every
/// part (ECMA-376 Part 2 §8.1.4), so no entity is ever expanded. Character data is not examined.
package struct XMLTagScanner: Sendable {
    /// One start, end or empty-element tag.
    package struct Tag: Sendable, Equatable {
        /// Which form of tag.
        package enum Kind: Sendable, Equatable {
            /// `<name …>`
            case start
            /// `</name>`
            case end
            /// `<name …/>`
            case empty
        }

        /// Start, end or empty.
        package let kind: Kind
        /// The qualified name (`w:sectPr`).
        package let name: String
        /// Nesting depth: 0 for the root's start and end tags, 1 for its children's.
        package let depth: Int
        /// Offset of the `<`.
        package let start: Int
        /// Offset just past the `>`.
        package let end: Int
        /// The attributes in document order, values as written (entities not expanded).
        package let attributes: [Attribute]

        /// The name without its prefix.
        package var localName: Substring {
            name.firstIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
        }

        /// The raw value of the attribute with that qualified name.
        package func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// One attribute of a tag.
    package struct Attribute: Sendable, Equatable {
        /// The qualified name.
        package let name: String
        /// The value between the quotes, as written.
        package let value: String
    }

    /// Every tag, in document order.
    package let tags: [Tag]

    /// Most tags one part may hold. Each kept tag costs about 60 bytes plus its name, so a part of nothing but `<a/>`
    /// (which the zip limits allow up to 64 MiB unpacked) would otherwise cost gigabytes per request; a long real
    /// Word document has a few hundred thousand.
    package static let maxTags = 2_000_000

    /// Scans `bytes` (UTF-8), keeping at most `maxTags` tags.
    /// - Throws: `TokenFileError.unreadableUpload` naming `part` when the tags are not well formed or too many.
    package init(_ bytes: [UInt8], part: String, maxTags: Int = XMLTagScanner.maxTags) throws(TokenFileError) {
        var scanner = Cursor(bytes: bytes, part: part, maxTags: maxTags)
        tags = try scanner.scan()
    }

    // MARK: - Cursor

    /// The scanning state.
    private struct Cursor {
        let bytes: [UInt8]
        let part: String
        let maxTags: Int
        var index = 0
        var open: [String] = []
        var tags: [Tag] = []
        var rootSeen = false

        init(bytes: [UInt8], part: String, maxTags: Int) {
            self.maxTags = maxTags
            self.bytes = bytes
            self.part = part
        }

        mutating func scan() throws(TokenFileError) -> [Tag] {
            while let lessThan = find([UInt8(ascii: "<")], from: index) {
                index = lessThan
                if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    guard !open.isEmpty else { throw failure("CDATA outside the root element") }
                    try skip(past: "]]>")
                } else if starts(with: "<!") {
                    throw failure("a DTD or declaration, which OPC parts may not hold")
                } else if starts(with: "</") {
                    try endTag()
                } else {
                    try startTag()
                }
            }
            guard open.isEmpty, rootSeen else { throw failure("unclosed elements or no root element") }
            return tags
        }

        /// Keeps a tag, or refuses a part with more than `maxTags`.
        mutating func keep(_ tag: Tag) throws(TokenFileError) {
            guard tags.count < maxTags else { throw failure("more than \(maxTags) tags") }
            tags.append(tag)
        }

        mutating func endTag() throws(TokenFileError) {
            let tagStart = index
            index += 2
            let name = readName()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("bad end tag") }
            index += 1
            guard let top = open.popLast(), top == name else { throw failure("end tag </\(name)> does not match") }
            try keep(Tag(kind: .end, name: name, depth: open.count, start: tagStart, end: index, attributes: []))
        }

        mutating func startTag() throws(TokenFileError) {
            let tagStart = index
            index += 1
            let name = readName()
            guard !name.isEmpty else { throw failure("a `<` that starts no tag") }
            guard !open.isEmpty || !rootSeen else { throw failure("more than one root element") }
            var attributes: [Attribute] = []
            while true {
                let hadSpace = skipSpace()
                guard index < bytes.count else { throw failure("unterminated tag <\(name)") }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    try keep(Tag(
                        kind: .start, name: name, depth: open.count, start: tagStart, end: index, attributes: attributes
                    ))
                    open.append(name)
                    rootSeen = true
                    return
                }
                if starts(with: "/>") {
                    index += 2
                    try keep(Tag(
                        kind: .empty, name: name, depth: open.count, start: tagStart, end: index, attributes: attributes
                    ))
                    rootSeen = true
                    return
                }
                guard hadSpace else { throw failure("attributes of <\(name) not separated by spaces") }
                attributes.append(try attribute(of: name))
            }
        }

        mutating func attribute(of tag: String) throws(TokenFileError) -> Attribute {
            let name = readName()
            skipSpace()
            guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw failure("bad attribute in <\(tag)")
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw failure("unquoted attribute \(name) in <\(tag)")
            }
            let quote = bytes[index]
            guard let close = find([quote], from: index + 1) else { throw failure("unterminated attribute \(name)") }
            let raw = bytes[(index + 1)..<close]
            guard !raw.contains(UInt8(ascii: "<")) else { throw failure("`<` in attribute \(name)") }
            index = close + 1
            return Attribute(name: name, value: String(decoding: raw, as: UTF8.self))
        }

        /// An XML name: everything up to whitespace, `=`, `/`, `>` or the end.
        mutating func readName() -> String {
            let first = index
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: ">"),
                     UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    return String(decoding: bytes[first..<index], as: UTF8.self)
                default:
                    index += 1
                }
            }
            return String(decoding: bytes[first..<index], as: UTF8.self)
        }

        /// Skips XML whitespace; answers whether there was any.
        @discardableResult
        mutating func skipSpace() -> Bool {
            let first = index
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return index > first
        }

        mutating func skip(past terminator: String) throws(TokenFileError) {
            let needle = Array(terminator.utf8)
            guard let found = find(needle, from: index + 2) else { throw failure("unterminated \(terminator)") }
            index = found + needle.count
        }

        func starts(with prefix: String) -> Bool {
            let needle = Array(prefix.utf8)
            return index + needle.count <= bytes.count && bytes[index..<(index + needle.count)].elementsEqual(needle)
        }

        func find(_ needle: [UInt8], from position: Int) -> Int? {
            guard !needle.isEmpty, position + needle.count <= bytes.count else { return nil }
            var candidate = position
            while candidate + needle.count <= bytes.count {
                if bytes[candidate] == needle[0], bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
                    return candidate
                }
                candidate += 1
            }
            return nil
        }

        func failure(_ reason: String) -> TokenFileError {
            .unreadableUpload("\(part): \(reason) at byte \(index)")
        }
    }
}
