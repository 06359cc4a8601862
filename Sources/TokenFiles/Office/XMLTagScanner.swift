/// Finds the tags of an uploaded XML part, with their byte offsets, so a few bytes can be inserted at the right place
/// and every other byte kept as it was.
///
/// Not a full XML parser: it checks that tags are balanced, that there is one root, and that attribute values are
/// quoted, and it skips comments, processing instructions and CDATA. It refuses a DTD, which OPC forbids in every
/// part (ECMA-376 Part 2 §8.1.4), so no entity is ever expanded. Character data is not examined.
package struct XMLTagScanner: Sendable {
    /// One start, end or empty-element tag, kept as offsets into the part (20 bytes each, whatever the tag holds):
    /// the name and attributes are read back from the bytes when asked for, so a tag with millions of attributes
    /// costs no more than `<a/>`.
    package struct Tag: Sendable, Equatable {
        /// Which form of tag.
        package enum Kind: UInt8, Sendable, Equatable {
            /// `<name …>`
            case start
            /// `</name>`
            case end
            /// `<name …/>`
            case empty
        }

        /// Start, end or empty.
        package let kind: Kind
        private let depth32: UInt32
        private let start32: UInt32
        private let nameEnd32: UInt32
        private let end32: UInt32

        init(kind: Kind, depth: Int, start: Int, nameEnd: Int, end: Int) {
            self.kind = kind
            depth32 = UInt32(truncatingIfNeeded: depth)
            start32 = UInt32(truncatingIfNeeded: start)
            nameEnd32 = UInt32(truncatingIfNeeded: nameEnd)
            end32 = UInt32(truncatingIfNeeded: end)
        }

        /// Nesting depth: 0 for the root's start and end tags, 1 for its children's.
        package var depth: Int { Int(depth32) }
        /// Offset of the `<`.
        package var start: Int { Int(start32) }
        /// Offset just past the `>`.
        package var end: Int { Int(end32) }
        /// Offset of the name's first byte.
        var nameStart: Int { start + (kind == .end ? 2 : 1) }
        /// Offset just past the name.
        var nameEnd: Int { Int(nameEnd32) }
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
    /// The part the offsets point into.
    private let bytes: [UInt8]

    /// Most tags one part may hold. Each kept tag costs 20 bytes, so a part of nothing but `<a/>` (which the zip
    /// limits allow up to 64 MiB unpacked) would otherwise cost hundreds of MiB per request; a long real Word
    /// document has a few hundred thousand. Attributes are checked but not kept, so they need no limit of their own.
    package static let maxTags = 2_000_000

    /// Scans `bytes` (UTF-8), keeping at most `maxTags` tags.
    /// - Throws: `TokenFileError.unreadableUpload` naming `part` when the tags are not well formed or too many.
    package init(_ bytes: [UInt8], part: String, maxTags: Int = XMLTagScanner.maxTags) throws(TokenFileError) {
        // Offsets are kept in 32 bits; the zip limits keep every part far below 4 GiB.
        guard bytes.count < Int(UInt32.max) else { throw .unreadableUpload("\(part): too large") }
        var scanner = Cursor(bytes: bytes, part: part, maxTags: maxTags)
        tags = try scanner.scan()
        self.bytes = bytes
    }

    // MARK: - Reading tags back

    /// The tag's qualified name (`w:sectPr`).
    package func name(_ tag: Tag) -> String {
        String(decoding: bytes[tag.nameStart..<tag.nameEnd], as: UTF8.self)
    }

    /// The tag's name without its prefix.
    package func localName(_ tag: Tag) -> String {
        let name = bytes[tag.nameStart..<tag.nameEnd]
        let local = name.firstIndex(of: UInt8(ascii: ":")).map { name[($0 + 1)...] } ?? name
        return String(decoding: local, as: UTF8.self)
    }

    /// Whether the tag's name, without its prefix, is `local` (compared as bytes, nothing allocated).
    package func hasLocalName(_ tag: Tag, _ local: String) -> Bool {
        let name = bytes[tag.nameStart..<tag.nameEnd]
        let tail = name.firstIndex(of: UInt8(ascii: ":")).map { name[($0 + 1)...] } ?? name
        return tail.elementsEqual(local.utf8)
    }

    /// The tag's attributes in document order, values as written (entities not expanded), read from the part again.
    package func attributes(_ tag: Tag) -> [Attribute] {
        var found: [Attribute] = []
        forEachAttribute(tag) { name, value in
            found.append(Attribute(name: String(decoding: name, as: UTF8.self),
                                   value: String(decoding: value, as: UTF8.self)))
            return true
        }
        return found
    }

    /// The raw value of the tag's attribute with that qualified name; reads only up to it.
    package func attribute(_ name: String, of tag: Tag) -> String? {
        var value: String?
        forEachAttribute(tag) { attributeName, attributeValue in
            guard attributeName.elementsEqual(name.utf8) else { return true }
            value = String(decoding: attributeValue, as: UTF8.self)
            return false
        }
        return value
    }

    /// Walks the attributes of a tag the scan has already checked (names, `=`, quotes), until `body` answers false.
    private func forEachAttribute(_ tag: Tag, _ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Bool) {
        guard tag.kind != .end else { return }
        var index = tag.nameEnd
        let limit = tag.end
        while index < limit {
            let byte = bytes[index]
            guard byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/") else { return }
            if Self.isSpace(byte) {
                index += 1
                continue
            }
            let nameStart = index
            while index < limit, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]) { index += 1 }
            let name = bytes[nameStart..<index]
            while index < limit, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") { index += 1 }
            guard index < limit else { return }
            let quote = bytes[index]
            let valueStart = index + 1
            index = valueStart
            while index < limit, bytes[index] != quote { index += 1 }
            guard index < limit else { return }
            guard body(name, bytes[valueStart..<index]) else { return }
            index += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
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
            let nameEnd = index
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("bad end tag") }
            index += 1
            guard let top = open.popLast(), top == name else { throw failure("end tag </\(name)> does not match") }
            try keep(Tag(kind: .end, depth: open.count, start: tagStart, nameEnd: nameEnd, end: index))
        }

        mutating func startTag() throws(TokenFileError) {
            let tagStart = index
            index += 1
            let name = readName()
            guard !name.isEmpty else { throw failure("a `<` that starts no tag") }
            let nameEnd = index
            guard !open.isEmpty || !rootSeen else { throw failure("more than one root element") }
            while true {
                let hadSpace = skipSpace()
                guard index < bytes.count else { throw failure("unterminated tag <\(name)") }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    try keep(Tag(kind: .start, depth: open.count, start: tagStart, nameEnd: nameEnd, end: index))
                    open.append(name)
                    rootSeen = true
                    return
                }
                if starts(with: "/>") {
                    index += 2
                    try keep(Tag(kind: .empty, depth: open.count, start: tagStart, nameEnd: nameEnd, end: index))
                    rootSeen = true
                    return
                }
                guard hadSpace else { throw failure("attributes of <\(name) not separated by spaces") }
                try attribute(of: name)
            }
        }

        /// Checks one attribute and steps past it; nothing is kept (`XMLTagScanner.attributes(_:)` reads it again),
        /// and nothing is allocated unless it is refused, so a tag with millions of attributes costs only time.
        mutating func attribute(of tag: String) throws(TokenFileError) {
            let nameStart = index
            skipName()
            let nameRange = nameStart..<index
            func name() -> String { String(decoding: bytes[nameRange], as: UTF8.self) }
            skipSpace()
            guard !nameRange.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw failure("bad attribute in <\(tag)")
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw failure("unquoted attribute \(name()) in <\(tag)")
            }
            let quote = bytes[index]
            var close = index + 1
            while close < bytes.count, bytes[close] != quote {
                guard bytes[close] != UInt8(ascii: "<") else { throw failure("`<` in attribute \(name())") }
                close += 1
            }
            guard close < bytes.count else { throw failure("unterminated attribute \(name())") }
            index = close + 1
        }

        /// Steps over an XML name: everything up to whitespace, `=`, `/`, `>`, `<`, a quote or the end.
        mutating func skipName() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: ">"),
                     UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                    return
                default:
                    index += 1
                }
            }
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
            while index < bytes.count, XMLTagScanner.isSpace(bytes[index]) { index += 1 }
            return index > first
        }

        mutating func skip(past terminator: String) throws(TokenFileError) {
            let needle = Array(terminator.utf8)
            guard let found = find(needle, from: index + 2) else { throw failure("unterminated \(terminator)") }
            index = found + needle.count
        }

        /// Whether the bytes at `index` spell `prefix` (ASCII); compares in place, nothing allocated.
        func starts(with prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            return prefix.withUTF8Buffer { needle in
                for offset in 0..<count where bytes[index + offset] != needle[offset] { return false }
                return true
            }
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
