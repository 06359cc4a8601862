import Testing
@testable import TokenFiles

/// The builder suites, grouped so that `swift test --filter Builders` runs exactly them.
@Suite enum Builders {
    /// A token input with fixed values; `fields` and `upload` vary per test.
    static func input(
        kind: String, fields: [String: String] = [:], upload: [UInt8]? = nil,
        token: String = "k3jf9sl2m4n5b6v7c8x9z0q1w", domain: String = "a9534a2b80e6.o3n.io"
    ) -> TokenFileInput {
        TokenFileInput(
            token: token, kind: kind, url: "http://\(domain)/cdn/\(token)/logo.gif", hostname: "\(token).\(domain)",
            domain: domain, memo: "test memo", created: 1_688_122_821.384507, fields: fields, upload: upload
        )
    }

    /// The bytes of an ASCII string.
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The first index where `needle` starts in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int = 0) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The `TokenFileError` a builder call raised, or nil when it raised nothing (or something else).
    static func error(_ body: () throws -> Void) -> TokenFileError? {
        do {
            try body()
            return nil
        } catch {
            return error as? TokenFileError
        }
    }
}
