/// A domain name as a list of labels, each kept as the bytes the client sent (letter case included).
package struct DNSName: Sendable, Equatable {
    /// Longest label (RFC 1035 §2.3.4: 63 octets).
    package static let maxLabelBytes = 63
    /// Longest name on the wire, length bytes and the root's zero included (RFC 1035 §2.3.4: 255 octets).
    package static let maxWireBytes = 255
    /// Most compression pointers followed in one name. Pointers must also go strictly backward (below), which alone
    /// ends every walk; this cap keeps the work per name small as well.
    package static let maxPointers = 16

    /// The labels, leftmost first; empty for the root.
    package var labels: [[UInt8]]

    /// Makes a name from labels.
    package init(labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Makes a name from dotted text such as `www.example.com` (a trailing dot is allowed); the labels are the
    /// text's UTF-8 bytes. Nil when a label is empty or too long, or the name is too long.
    package init?(_ text: String) {
        var body = Substring(text)
        if body.hasSuffix(".") { body = body.dropLast() }
        let labels = body.isEmpty ? [] : body.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= Self.maxLabelBytes }) else { return nil }
        self.init(labels: labels)
        guard wireLength <= Self.maxWireBytes else { return nil }
    }

    /// Bytes on the wire without compression: a length byte per label, the label, and the root's zero.
    package var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// The presentation form without the trailing dot (`.` for the root), as dig prints it: printable ASCII as is,
    /// `.` and `\` escaped with a backslash, any other byte as `\DDD` (RFC 1035 §5.1), so no two names read the same.
    package var text: String {
        guard !labels.isEmpty else { return "." }
        var out: [UInt8] = []
        for (index, label) in labels.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ".")) }
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    out += [UInt8(ascii: "\\"), byte]
                case 0x21...0x7E:
                    out.append(byte)
                default:
                    out.append(UInt8(ascii: "\\"))
                    out += Array(String(format3: byte).utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the name ends with `suffix`'s labels, ASCII letters compared without case (RFC 4343).
    package func hasSuffix(_ suffix: DNSName) -> Bool {
        guard suffix.labels.count <= labels.count else { return false }
        return zip(labels.suffix(suffix.labels.count), suffix.labels).allSatisfy { Self.equalIgnoringCase($0, $1) }
    }

    /// Compares two labels, ASCII letters without case (RFC 4343 §3).
    package static func equalIgnoringCase(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    /// An ASCII uppercase letter as lowercase; any other byte as is.
    package static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Appends the name without compression.
    package func write(to bytes: inout [UInt8]) {
        for label in labels {
            bytes.append(UInt8(label.count))
            bytes += label
        }
        bytes.append(0)
    }

    /// Reads the name that starts at `offset` of a message.
    /// - Returns: the name and the offset just past it where it starts (after the first pointer, if any).
    /// - Throws: `.truncated` when the message ends inside the name; `.labelTooLong`, `.nameTooLong`,
    ///   `.badPointer` (a pointer that does not go strictly below every offset read so far, which rules out loops
    ///   and forward pointers; or more than `maxPointers`), `.badLabelType` (the reserved 01 and 10 prefixes).
    package static func read(from bytes: [UInt8], at offset: Int) throws(DNSParseError.Problem) -> (DNSName, next: Int) {
        var labels: [[UInt8]] = []
        var position = offset
        var lowest = offset
        var next: Int?
        var pointers = 0
        var length = 1
        while true {
            guard position >= 0, position < bytes.count else { throw .truncated }
            let byte = bytes[position]
            switch byte & 0xC0 {
            case 0x00:
                let count = Int(byte)
                if count == 0 {
                    return (DNSName(labels: labels), next ?? position + 1)
                }
                guard count <= maxLabelBytes else { throw .labelTooLong }
                length += 1 + count
                guard length <= maxWireBytes else { throw .nameTooLong }
                guard position + 1 + count <= bytes.count else { throw .truncated }
                labels.append(Array(bytes[(position + 1)..<(position + 1 + count)]))
                position += 1 + count
            case 0xC0:
                guard position + 1 < bytes.count else { throw .truncated }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                pointers += 1
                guard target < lowest, pointers <= maxPointers else { throw .badPointer }
                if next == nil { next = position + 2 }
                lowest = target
                position = target
            default:
                throw .badLabelType
            }
        }
    }
}

private extension String {
    /// A byte as three decimal digits (`\DDD` escapes).
    init(format3 byte: UInt8) {
        let digits = String(byte)
        self = String(repeating: "0", count: 3 - digits.count) + digits
    }
}
