import Basics

/// The cursor of the incident feeds and search: base64 of colon-separated integers, like the Console's own
/// (docs/incident-endpoints.md "Cursors"), carrying the whole query so that it can be sent alone.
///
/// Layout: the integers of `numbers`, then each string of `strings` as its UTF-8 length (`-1` for an absent one)
/// followed by its bytes packed seven to an integer, big-endian. Only digits, `-` and `:` are encoded, so the base64
/// text never holds `+` or `/` (a client that appends the cursor to a URL unencoded still sends it intact); the
/// `=` padding is kept, as the Console's are, and accepted without it.
package struct IncidentCursor: Sendable, Equatable {
    /// The fixed integers (version, kind, direction, bound, …), as the caller lays them out.
    package var numbers: [Int]
    /// The string filters, nil when absent.
    package var strings: [String?]

    /// The longest cursor text accepted.
    package static let maxLength = 32_768

    /// Makes a cursor value.
    package init(numbers: [Int], strings: [String?]) {
        self.numbers = numbers
        self.strings = strings
    }

    /// The cursor text.
    package var encoded: String {
        var parts = numbers
        for string in strings {
            guard let string else {
                parts.append(-1)
                continue
            }
            let bytes = Array(string.utf8)
            parts.append(bytes.count)
            var index = 0
            while index < bytes.count {
                var value = 0
                for byte in bytes[index..<min(index + 7, bytes.count)] { value = value << 8 | Int(byte) }
                parts.append(value)
                index += 7
            }
        }
        return Base64.encode(Array(parts.map(String.init).joined(separator: ":").utf8))
    }

    /// Reads a cursor of `numberCount` integers and `stringCount` strings, or nil when `text` is anything else:
    /// not base64, not colon-separated integers, the wrong count, or a string that is not UTF-8.
    package static func decode(_ text: String, numberCount: Int, stringCount: Int) -> IncidentCursor? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return nil }
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        guard let plain = Base64.decode(bytes) else { return nil }
        var values: [Int] = []
        for part in plain.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            let digits = part.first == UInt8(ascii: "-") ? part.dropFirst() : part[...]
            guard !digits.isEmpty, digits.count <= 18,
                  digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(String(decoding: part, as: UTF8.self)) else { return nil }
            values.append(value)
        }
        guard values.count >= numberCount else { return nil }
        let numbers = Array(values[0..<numberCount])
        var index = numberCount
        var strings: [String?] = []
        for _ in 0..<stringCount {
            guard index < values.count else { return nil }
            let length = values[index]
            index += 1
            if length == -1 {
                strings.append(nil)
                continue
            }
            let chunks = (length + 6) / 7
            guard length >= 0, length <= maxLength, index + chunks <= values.count else { return nil }
            var stringBytes: [UInt8] = []
            for chunk in 0..<chunks {
                let value = values[index + chunk]
                let width = min(7, length - chunk * 7)
                guard value >= 0, value < 1 << (8 * width) else { return nil }
                for shift in stride(from: 8 * (width - 1), through: 0, by: -8) {
                    stringBytes.append(UInt8(truncatingIfNeeded: value >> shift))
                }
            }
            index += chunks
            guard let string = String(validating: stringBytes, as: UTF8.self) else { return nil }
            strings.append(string)
        }
        guard index == values.count else { return nil }
        return IncidentCursor(numbers: numbers, strings: strings)
    }
}
