/// Prints a `JSONValue` exactly as Python's `json.dumps(value, indent=2, sort_keys=True)` does.
///
/// The real Console is a Flask app, and clients (and our contract tests) compare bodies byte for byte, so the
/// output follows CPython's `json` encoder rather than any RFC 8259 "canonical" form:
/// - two-space indentation, `,` ending each line with no trailing space, `": "` after keys, `[]`/`{}` when empty;
/// - keys sorted by code point (Python's `str` order), which is UTF-8 byte order, not Swift's `String <`;
/// - `ensure_ascii=True`: everything outside `0x20...0x7E` is escaped, non-BMP scalars as UTF-16 surrogate pairs;
/// - doubles as `repr(float)`, and `NaN`/`Infinity`/`-Infinity` for non-finite values (Python's default
///   `allow_nan=True`).
package enum JSONWriter {
    /// Encodes `value` as UTF-8 bytes with no trailing newline.
    package static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        // Most responses are a few hundred bytes; one early allocation avoids the first few regrowths.
        out.reserveCapacity(512)
        write(value, level: 0, into: &out)
        return out
    }

    /// Encodes `value` on one line as Python's `json.dumps(value, sort_keys=True)` does (`", "` and `": "`
    /// separators), for JSON log lines.
    package static func encodeLine(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, level: nil, into: &out)
        return out
    }

    // MARK: - Structure

    private static func write(_ value: JSONValue, level: Int?, into out: inout [UInt8]) {
        let inner = level.map { $0 + 1 }
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .int(let number):
            writeInt(number, into: &out)
        case .double(let number):
            writeDouble(number, into: &out)
        case .string(let text):
            writeString(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(contentsOf: level == nil ? ", ".utf8 : ",".utf8) }
                writeNewline(level: inner, into: &out)
                write(element, level: inner, into: &out)
            }
            writeNewline(level: level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            // UTF-8 byte order equals code point order (Python's `str` order); Swift's `<` compares NFC forms,
            // which puts "e\u{301}" after "f" where Python puts it before.
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            out.append(UInt8(ascii: "{"))
            for (position, key) in keys.enumerated() {
                if position > 0 { out.append(contentsOf: level == nil ? ", ".utf8 : ",".utf8) }
                writeNewline(level: inner, into: &out)
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                // The key came from `members.keys`, so the lookup always succeeds.
                if let member = members[key] {
                    write(member, level: inner, into: &out)
                }
            }
            writeNewline(level: level, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A newline and indentation; nothing on one-line output (`level == nil`).
    private static func writeNewline(level: Int?, into out: inout [UInt8]) {
        guard let level else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    // MARK: - Numbers

    private static func writeInt(_ number: Int, into out: inout [UInt8]) {
        if number < 0 { out.append(UInt8(ascii: "-")) }
        // `magnitude` is a UInt, so `Int.min` needs no special case.
        var remaining = number.magnitude
        var digitCount = 1
        var probe = remaining
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        // Reserve the digits in place, then fill them from the right: no temporary buffer or String.
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var position = start + digitCount - 1
        while position >= start {
            out[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            position -= 1
        }
    }

    /// Prints a double as CPython's `float_repr` does.
    ///
    /// Both Swift's `description` and CPython's `repr` print the shortest digit string that round-trips,
    /// choosing the closest one on ties, so the digits are taken from Swift and only the layout is redone:
    /// CPython (`Python/pystrtod.c`, `format_float_short` with mode `'r'`) switches to exponent notation when
    /// the decimal point position is `<= -4` or `> 16`, whereas Swift switches at other thresholds (2^53).
    private static func writeDouble(_ number: Double, into out: inout [UInt8]) {
        guard number.isFinite else {
            if number.isNaN {
                out.append(contentsOf: "NaN".utf8)
            } else {
                out.append(contentsOf: number < 0 ? "-Infinity".utf8 : "Infinity".utf8)
            }
            return
        }
        if number.sign == .minus { out.append(UInt8(ascii: "-")) }
        guard number != 0 else {
            out.append(contentsOf: "0.0".utf8)
            return
        }
        let (digits, pointPosition) = shortestDigits(of: number.magnitude)
        if pointPosition <= -4 || pointPosition > 16 {
            out.append(digits[0])
            if digits.count > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            let exponent = pointPosition - 1
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            // C's printf `%+.02d`: at least two exponent digits.
            if exponent.magnitude < 10 { out.append(UInt8(ascii: "0")) }
            writeInt(Int(exponent.magnitude), into: &out)
        } else if pointPosition <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -pointPosition))
            out.append(contentsOf: digits)
        } else if pointPosition >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: pointPosition - digits.count))
            out.append(contentsOf: ".0".utf8)
        } else {
            out.append(contentsOf: digits[..<pointPosition])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[pointPosition...])
        }
    }

    /// The significant digits of a positive finite double (no leading or trailing zeros) and the position of
    /// the decimal point relative to them: the value is `0.d1d2d3… × 10^pointPosition`.
    private static func shortestDigits(of magnitude: Double) -> (digits: [UInt8], pointPosition: Int) {
        // Swift prints forms like "123.45", "0.001", "1e-05", "1.2345678901234568e+17".
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var integerDigitCount = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if !seenPoint { integerDigitCount += 1 }
                }
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentSign = -1
            default:
                // "+" in the exponent; nothing else occurs for a positive finite value.
                break
            }
        }
        var pointPosition = integerDigitCount + exponentSign * exponent
        var leadingZeros = 0
        while leadingZeros < digits.count - 1, digits[leadingZeros] == UInt8(ascii: "0") {
            leadingZeros += 1
        }
        pointPosition -= leadingZeros
        var end = digits.count
        while end > leadingZeros + 1, digits[end - 1] == UInt8(ascii: "0") {
            end -= 1
        }
        return (Array(digits[leadingZeros..<end]), pointPosition)
    }

    // MARK: - Strings

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a quoted string with CPython's `ensure_ascii=True` escaping (`py_encode_basestring_ascii`).
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            // Start of the current run of bytes that need no escaping; copied in one call when the run ends.
            var runStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                // CPython's S_CHAR: printable ASCII other than `"` and `\` is copied; DEL (0x7F) is escaped.
                if byte >= 0x20, byte <= 0x7E, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                out.append(contentsOf: bytes[runStart..<index])
                if byte < 0x80 {
                    writeASCIIEscape(byte, into: &out)
                    index += 1
                } else {
                    // A Swift String is valid UTF-8, so the lead byte fixes the sequence length.
                    let scalar: UInt32
                    if byte < 0xE0 {
                        scalar = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else if byte < 0xF0 {
                        scalar = UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6
                            | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    } else {
                        scalar = UInt32(byte & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                        index += 4
                    }
                    if scalar > 0xFFFF {
                        // JSON has only \uXXXX escapes, so astral scalars go out as a UTF-16 surrogate pair.
                        let offset = scalar - 0x1_0000
                        writeUnicodeEscape(0xD800 | (offset >> 10), into: &out)
                        writeUnicodeEscape(0xDC00 | (offset & 0x3FF), into: &out)
                    } else {
                        writeUnicodeEscape(scalar, into: &out)
                    }
                }
                runStart = index
            }
            out.append(contentsOf: bytes[runStart..<bytes.count])
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func writeASCIIEscape(_ byte: UInt8, into out: inout [UInt8]) {
        let short: UInt8
        switch byte {
        case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
        case UInt8(ascii: "\n"): short = UInt8(ascii: "n")
        case UInt8(ascii: "\r"): short = UInt8(ascii: "r")
        case UInt8(ascii: "\t"): short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            writeUnicodeEscape(UInt32(byte), into: &out)
            return
        }
        out.append(UInt8(ascii: "\\"))
        out.append(short)
    }

    private static func writeUnicodeEscape(_ unit: UInt32, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        out.append(hexDigits[Int(unit >> 12 & 0xF)])
        out.append(hexDigits[Int(unit >> 8 & 0xF)])
        out.append(hexDigits[Int(unit >> 4 & 0xF)])
        out.append(hexDigits[Int(unit & 0xF)])
    }
}
