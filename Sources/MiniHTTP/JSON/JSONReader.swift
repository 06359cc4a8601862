/// A strict RFC 8259 JSON parser for the configuration file and for tests.
///
/// Strict means: exactly one value surrounded by optional whitespace, no comments, no trailing commas, no leading
/// zeros or `+`, no NaN/Infinity, no raw control characters in strings, no unpaired surrogate escapes, and valid
/// UTF-8 only. Duplicate object keys are accepted and the last one wins, as Python's `json.loads` does.
package enum JSONReader {
    /// The deepest nesting of arrays and objects accepted; deeper input is rejected instead of recursing further,
    /// so a hostile document of repeated `[` cannot exhaust the stack.
    package static let maximumDepth = 512

    /// Parses one JSON document.
    /// - Parameters:
    ///   - bytes: the document as UTF-8, without a byte order mark.
    ///   - maximumDepth: the deepest nesting accepted (at most `JSONReader.maximumDepth`); request bodies read on a
    ///     connection thread's smaller stack pass less.
    /// - Returns: the value; integers that fit `Int` become `.int`, other numbers `.double`.
    /// - Throws: `JSONReadError` naming the first problem and its line and column.
    package static func parse(_ bytes: [UInt8], maximumDepth: Int = maximumDepth) throws(JSONReadError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: min(maximumDepth, Self.maximumDepth))
        return try parser.parseDocument()
    }
}

/// Why a document was rejected and where: 1-based line and column of the offending character.
package struct JSONReadError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, in words suitable for a configuration error message.
    package var message: String
    /// The 1-based line; lines are separated by `\n`.
    package var line: Int
    /// The 1-based column, counted in Unicode scalars from the start of the line.
    package var column: Int

    /// Makes an error from its parts.
    package init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line L, column C: message`.
    package var description: String {
        "line \(line), column \(column): \(message)"
    }
}

// MARK: - Parser

/// The parser's cursor over the input; one instance per document.
private struct JSONParser {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONReadError) -> JSONValue {
        // RFC 8259 §8.1: senders MUST NOT add a BOM; say so plainly rather than "unexpected byte 0xEF".
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error("a UTF-8 byte order mark is not allowed", at: 0)
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else {
            throw error("unexpected \(describeByte(at: index)) after the end of the JSON value", at: index)
        }
        return value
    }

    mutating func parseValue() throws(JSONReadError) -> JSONValue {
        guard index < bytes.count else {
            throw error("unexpected end of input, expected a value", at: index)
        }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("unexpected \(describeByte(at: index)), expected a value", at: index)
        }
    }

    // MARK: Containers

    mutating func enterContainer() throws(JSONReadError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw error("arrays and objects nested deeper than \(maximumDepth) levels", at: index)
        }
    }

    mutating func parseObject() throws(JSONReadError) -> JSONValue {
        try enterContainer()
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") {
                    throw error("trailing comma before '}'", at: index)
                }
                throw error("unexpected \(describeByte(at: index)), expected a string key", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("unexpected \(describeByte(at: index)), expected ':' after an object key", at: index)
            }
            index += 1
            skipWhitespace()
            // Python's json.loads keeps the last of duplicate keys; do the same so both read configs alike.
            members[key] = try parseValue()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default:
                throw error("unexpected \(describeByte(at: index)), expected ',' or '}' in an object", at: index)
            }
        }
    }

    mutating func parseArray() throws(JSONReadError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if peek() == UInt8(ascii: "]") {
                throw error("trailing comma before ']'", at: index)
            }
            elements.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw error("unexpected \(describeByte(at: index)), expected ',' or ']' in an array", at: index)
            }
        }
    }

    // MARK: Literals and numbers

    mutating func expectLiteral(_ word: StaticString) throws(JSONReadError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            bytes.count - start >= count && bytes[start..<start + count].elementsEqual(expected)
        }
        guard matches else {
            throw error("unexpected \(describeByte(at: start)), expected a value", at: start)
        }
        index += count
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONReadError) -> JSONValue {
        let start = index
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        // Accumulated as a negative number so that Int.min, whose magnitude exceeds Int.max, still fits.
        var integer = 0
        var fitsInt = true
        switch peek() {
        case UInt8(ascii: "0"):
            index += 1
            if let next = peek(), isDigit(next) {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        case let first? where isDigit(first):
            while let digit = peek(), isDigit(digit) {
                if fitsInt {
                    let (shifted, overflow1) = integer.multipliedReportingOverflow(by: 10)
                    let (next, overflow2) = shifted.subtractingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                    integer = next
                    fitsInt = !overflow1 && !overflow2
                }
                index += 1
            }
        default:
            throw error("expected a digit after '-'", at: index)
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            try skipDigits(after: "the decimal point")
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try skipDigits(after: "the exponent marker")
        }
        if isInteger && fitsInt {
            if negative { return .int(integer) }
            if integer != Int.min { return .int(-integer) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Swift's Double(String) gives ±infinity for out-of-range exponents (as Python's float() does).
        guard let number = Double(text) else {
            throw error("number out of range", at: start)
        }
        return .double(number)
    }

    mutating func skipDigits(after what: String) throws(JSONReadError) {
        guard let first = peek(), isDigit(first) else {
            throw error("expected a digit after \(what)", at: index)
        }
        while let digit = peek(), isDigit(digit) { index += 1 }
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Strings

    mutating func parseString() throws(JSONReadError) -> String {
        let start = index
        index += 1
        var text: [UInt8] = []
        // Runs of plain bytes are copied in one call when an escape or the closing quote ends them.
        var runStart = index
        while true {
            guard index < bytes.count else {
                throw error("unterminated string", at: start)
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                text.append(contentsOf: bytes[runStart..<index])
                index += 1
                // Every byte was validated as UTF-8 on the way, so decoding repairs nothing.
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                text.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &text)
                runStart = index
            case 0x00..<0x20:
                // RFC 8259 §7: control characters must be escaped.
                throw error("raw control character \(hexByte(byte)) in a string; write it as an escape", at: index)
            case 0x20..<0x80:
                index += 1
            default:
                try skipUTF8Sequence()
            }
        }
    }

    /// Decodes the escape at `index` (a backslash) and appends its UTF-8 form.
    mutating func parseEscape(into text: inout [UInt8]) throws(JSONReadError) {
        let start = index
        guard index + 1 < bytes.count else {
            throw error("unterminated string", at: index)
        }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            text.append(letter)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: start)
            var scalarValue = unit
            switch unit {
            case 0xD800...0xDBFF:
                // RFC 8259 §7: astral characters are escaped as a UTF-16 surrogate pair; half a pair is not text.
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error("unpaired high surrogate escape", at: start)
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("unpaired high surrogate escape", at: start)
                }
                scalarValue = 0x1_0000 + ((unit - 0xD800) << 10 | (low - 0xDC00))
            case 0xDC00...0xDFFF:
                throw error("unpaired low surrogate escape", at: start)
            default:
                break
            }
            // Surrogates were handled above, so every remaining value is a valid scalar.
            if let scalar = Unicode.Scalar(scalarValue) {
                UTF8.encode(scalar) { text.append($0) }
            }
        default:
            throw error("invalid escape '\\\(describeEscapeLetter(letter))' in a string", at: start)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONReadError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else {
                throw error("unterminated \\u escape", at: escapeStart)
            }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error("\\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Checks the multi-byte UTF-8 sequence at `index` and steps over it.
    ///
    /// Well-formed sequences per the Unicode Standard, Table 3-7: this rejects overlong forms, surrogates
    /// (ED A0–BF) and values above U+10FFFF as well as stray continuation bytes.
    mutating func skipUTF8Sequence() throws(JSONReadError) {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            throw error("invalid UTF-8 byte \(hexByte(lead))", at: index)
        }
        for offset in 1..<length {
            let position = index + offset
            let range = offset == 1 ? secondRange : 0x80...0xBF
            guard position < bytes.count, range.contains(bytes[position]) else {
                throw error("invalid UTF-8 sequence starting with byte \(hexByte(lead))", at: index)
            }
        }
        index += length
    }

    // MARK: Helpers

    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    mutating func skipWhitespace() {
        // RFC 8259 §2: space, tab, line feed, carriage return; nothing else.
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t")
                || byte == UInt8(ascii: "\r")
        {
            index += 1
        }
    }

    /// Words for the byte at `position` in a message: `'x'` for printable ASCII, else its hex value.
    func describeByte(at position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        let byte = bytes[position]
        if byte > 0x20 && byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte \(hexByte(byte))"
    }

    func describeEscapeLetter(_ byte: UInt8) -> String {
        byte > 0x20 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : hexByte(byte)
    }

    func hexByte(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0\(hex)" : "0x\(hex)"
    }

    /// An error at byte offset `position`, with the line and column computed only now, on the failure path.
    func error(_ message: String, at position: Int) -> JSONReadError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the scalar already counted.
                column += 1
            }
        }
        return JSONReadError(message: message, line: line, column: column)
    }
}
