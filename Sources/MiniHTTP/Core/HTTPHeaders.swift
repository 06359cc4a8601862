/// An ordered list of header fields with case-insensitive lookup (RFC 9110 §5.1).
package struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// One header field as received or to be sent.
    package struct Field: Sendable, Equatable {
        /// The field name as written.
        package var name: String
        /// The field value with surrounding whitespace removed.
        package var value: String
    }

    private var storage: [Field] = []

    /// Makes an empty header list.
    package init() {}

    /// Makes a header list from name/value pairs, in order.
    package init(_ pairs: [(String, String)]) {
        storage = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of fields.
    package var count: Int { storage.count }

    /// Iterates the fields in order.
    package func makeIterator() -> IndexingIterator<[Field]> { storage.makeIterator() }

    /// Appends a field, keeping any earlier field of the same name.
    package mutating func add(_ name: String, _ value: String) {
        storage.append(Field(name: name, value: value))
    }

    /// Replaces every field of that name with one field.
    package mutating func set(_ name: String, _ value: String) {
        remove(name)
        storage.append(Field(name: name, value: value))
    }

    /// Removes every field of that name.
    package mutating func remove(_ name: String) {
        storage.removeAll { HTTPHeaders.equalNames($0.name, name) }
    }

    /// The first value of that name, compared case-insensitively.
    package subscript(_ name: String) -> String? {
        storage.first { HTTPHeaders.equalNames($0.name, name) }?.value
    }

    /// Every value of that name, in order.
    package func values(_ name: String) -> [String] {
        storage.filter { HTTPHeaders.equalNames($0.name, name) }.map(\.value)
    }

    /// Whether a field of that name is present.
    package func contains(_ name: String) -> Bool {
        storage.contains { HTTPHeaders.equalNames($0.name, name) }
    }

    /// Whether a comma-separated field of that name lists `token`, compared case-insensitively
    /// (RFC 9110 §7.6.1 for `Connection`).
    package func hasToken(_ token: String, in name: String) -> Bool {
        values(name).contains { value in
            value.split(separator: ",").contains { HTTPHeaders.equalNames($0.trimmingASCIIWhitespace(), token) }
        }
    }

    /// ASCII case-insensitive comparison: header names are ASCII tokens.
    package static func equalNames<A: StringProtocol, B: StringProtocol>(_ a: A, _ b: B) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { asciiLower($0) == asciiLower($1) }
    }

    @inline(__always)
    static func asciiLower(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package func trimmingASCIIWhitespace() -> Substring {
        let scalars = Substring(self)
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard scalars[before] == " " || scalars[before] == "\t" else { break }
            end = before
        }
        return scalars[start..<end]
    }
}
