import Basics

/// The opaque cursor of the paging endpoints: base64 of colon-separated integers, like the real Console's
/// (`MToxMjozOjQ6Mjo0` is `1:12:3:4:2:4`). The mock's cursor is `<page number>:<limit>` (mock's choice), written
/// without `=` padding; padded input is accepted too.
package enum Base64Cursor {
    /// The cursor for these integers.
    package static func encode(_ numbers: [Int]) -> String {
        var text = Base64.encode(Array(numbers.map(String.init).joined(separator: ":").utf8))
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The integers of a cursor, or nil when it is not base64 of colon-separated non-negative integers.
    package static func decode(_ cursor: String) -> [Int]? {
        var text = Array(cursor.utf8)
        while text.last == UInt8(ascii: "=") { text.removeLast() }
        guard !text.isEmpty, text.count <= 64, let bytes = Base64.decode(text) else { return nil }
        let parts = bytes.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, part.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(String(decoding: part, as: UTF8.self)) else { return nil }
            numbers.append(number)
        }
        return numbers
    }
}
