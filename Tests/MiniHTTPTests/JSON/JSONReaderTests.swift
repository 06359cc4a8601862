import MiniHTTP
import Testing

/// Parses UTF-8 text.
private func parse(_ text: String) throws(JSONReadError) -> JSONValue {
    try JSONReader.parse(Array(text.utf8))
}

/// The error parsing `bytes` throws, or `nil` if it parses.
private func readError(_ bytes: [UInt8]) -> JSONReadError? {
    do {
        _ = try JSONReader.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The error parsing `text` throws, or `nil` if it parses.
private func readError(_ text: String) -> JSONReadError? {
    readError(Array(text.utf8))
}

@Suite("JSONReader")
struct JSONReaderTests {
    // MARK: - Valid documents

    @Test("Parses scalars")
    func scalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("42") == .int(42))
        #expect(try parse("\"hi\"") == .string("hi"))
    }

    @Test("Keeps integers that fit Int as .int and everything else as .double")
    func numbers() throws {
        #expect(try parse("9223372036854775807") == .int(Int.max))
        #expect(try parse("-9223372036854775808") == .int(Int.min))
        #expect(try parse("9223372036854775808") == .double(9223372036854775808.0))
        #expect(try parse("-9223372036854775809") == .double(-9223372036854775809.0))
        #expect(try parse("1.0") == .double(1.0))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("1E+2") == .double(100))
        #expect(try parse("-2.5e-3") == .double(-0.0025))
        #expect(try parse("0.1") == .double(0.1))
        let negativeZero = try parse("-0.0").doubleValue
        #expect(negativeZero == 0 && negativeZero?.sign == .minus)
        #expect(try parse("1e400") == .double(.infinity))
    }

    @Test("Parses nested containers with surrounding whitespace")
    func containers() throws {
        let value = try parse(" \t\r\n{ \"a\" : [ 1 , { } , [ ] , null ] , \"b\" : { \"c\" : false } }\n ")
        #expect(value == ["a": [1, [:], [], nil], "b": ["c": false]])
        #expect(try parse("[]") == [])
        #expect(try parse("{}") == [:])
    }

    @Test("Keeps the last of duplicate keys, as Python does")
    func duplicateKeys() throws {
        #expect(try parse(#"{"a": 1, "b": 2, "a": 3}"#) == ["a": 3, "b": 2])
    }

    @Test("Decodes every escape")
    func escapes() throws {
        let value = try parse(#""\" \\ \/ \b \f \n \r \t \u0000 \u00e9 \u20AC \uD83D\uDE00 \uffff""#)
        #expect(value == .string("\" \\ / \u{08} \u{0C} \n \r \t \u{00} é € 😀 \u{FFFF}"))
    }

    @Test("Accepts raw UTF-8 text and DEL in strings")
    func rawUTF8() throws {
        #expect(try parse("\"café 中文 😀 \u{7F}\"") == .string("café 中文 😀 \u{7F}"))
    }

    @Test("Accepts nesting up to the depth limit")
    func depthLimitAccepted() throws {
        let depth = JSONReader.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try parse(text)
        var levels = 0
        while let inner = value.arrayValue {
            levels += 1
            value = inner.first ?? .null
        }
        #expect(levels == depth)
    }

    // MARK: - Errors

    @Test(
        "Rejects malformed documents",
        arguments: [
            ("", "empty input"),
            ("   ", "whitespace only"),
            ("\"abc", "unterminated string"),
            ("\"abc\\", "unterminated escape"),
            (#""\x""#, "bad escape"),
            (#""\u12G4""#, "bad hex in \\u"),
            (#""\u12""#, "short \\u"),
            (#""\uD83D""#, "lone high surrogate"),
            (#""\uD83D\u0041""#, "high surrogate then non-surrogate"),
            (#""\uD83Dx""#, "high surrogate then text"),
            (#""\uDE00""#, "lone low surrogate"),
            ("[1,]", "trailing comma in array"),
            (#"{"a":1,}"#, "trailing comma in object"),
            ("[,1]", "leading comma"),
            ("[1 2]", "missing comma"),
            (#"{"a" 1}"#, "missing colon"),
            ("{a:1}", "unquoted key"),
            ("{1:1}", "number key"),
            ("[1", "unterminated array"),
            (#"{"a":1"#, "unterminated object"),
            ("01", "leading zero"),
            ("-01", "negative leading zero"),
            ("+1", "plus sign"),
            (".5", "no integer part"),
            ("1.", "no fraction digits"),
            ("1.e5", "no fraction digits before exponent"),
            ("1e", "no exponent digits"),
            ("1e+", "no exponent digits after sign"),
            ("-", "lone minus"),
            ("- 1", "minus then space"),
            ("NaN", "NaN"),
            ("Infinity", "Infinity"),
            ("tru", "truncated literal"),
            ("True", "capitalized literal"),
            ("nul", "truncated null"),
            ("1 2", "two values"),
            ("{} x", "trailing garbage"),
            ("[]]", "extra bracket"),
            ("\"a\tb\"", "raw tab in string"),
            ("\"a\nb\"", "raw newline in string"),
            ("'a'", "single quotes"),
            ("[1] // comment", "comment"),
            ("\u{FEFF}{}", "byte order mark"),
            ("\u{A0}1", "non-ASCII whitespace"),
        ]
    )
    func rejects(_ text: String, _ why: String) {
        #expect(readError(text) != nil, "\(why) should be rejected: \(text.debugDescription)")
    }

    @Test(
        "Rejects invalid UTF-8",
        arguments: [
            [0x22, 0x80, 0x22],  // stray continuation byte
            [0x22, 0xC3, 0x22],  // truncated two-byte sequence
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte form
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22],  // five-byte form
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0xF0, 0x9F, 0x98],  // truncated at end of input
            [0xC3, 0xA9],  // valid UTF-8 but outside a string
        ] as [[UInt8]]
    )
    func invalidUTF8(_ bytes: [UInt8]) {
        #expect(readError(bytes) != nil)
    }

    @Test("Rejects every raw control character inside a string")
    func rawControlCharacters() {
        for byte in UInt8(0)..<0x20 {
            let error = readError([0x22, 0x61, byte, 0x22])
            #expect(error?.column == 3, "byte \(byte)")
        }
    }

    @Test("Stops a depth bomb of 100000 '[' at the limit without overflowing the stack")
    func depthBomb() {
        let error = readError([UInt8](repeating: UInt8(ascii: "["), count: 100_000))
        #expect(error?.line == 1)
        #expect(error?.column == JSONReader.maximumDepth + 1)
        #expect(error?.message.contains("nested") == true)
        // Objects count toward the same limit.
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(readError(objects)?.column == 5 * JSONReader.maximumDepth + 1)
    }

    // MARK: - Error positions

    @Test("Reports line and column of a trailing comma")
    func trailingCommaPosition() {
        let error = readError("{\n  \"a\": 1,\n}\n")
        #expect(error?.line == 3)
        #expect(error?.column == 1)
        #expect(error?.message.contains("trailing comma") == true)
    }

    @Test("Reports line and column of a bad escape, counting columns in characters")
    func badEscapePosition() {
        let error = readError("{\n  \"name\": \"café \\q\"\n}")
        #expect(error == JSONReadError(message: "invalid escape '\\q' in a string", line: 2, column: 17))
        #expect(error?.description == "line 2, column 17: invalid escape '\\q' in a string")
    }

    @Test("Reports an unterminated string at its opening quote")
    func unterminatedStringPosition() {
        let error = readError("[\n  \"ok\",\n  \"open")
        #expect(error?.line == 3)
        #expect(error?.column == 3)
    }

    @Test("Reports trailing garbage, leading zeros and lone surrogates where they start")
    func otherPositions() {
        #expect(readError("{}\n  x")?.line == 2)
        #expect(readError("{}\n  x")?.column == 3)
        #expect(readError("[1, 012]")?.column == 5)
        #expect(readError(#"["ab\uDC00"]"#)?.column == 5)
        #expect(readError("[1,\n]")?.line == 2)
        #expect(readError("[\"é\", \u{1}]")?.column == 7)
    }

    @Test("Reports the end of input for a truncated document")
    func endOfInputPosition() {
        let error = readError("{\"a\":")
        #expect(error?.line == 1)
        #expect(error?.column == 6)
        #expect(error?.message.contains("end of input") == true)
    }

    // MARK: - Round trip

    @Test("Round-trips the writer fixture: parse the expected text and print it again")
    func roundTrip() throws {
        for fixture in try JSONWriterFixture.cases() {
            let reparsed = try JSONReader.parse(Array(fixture.expected.utf8))
            let reprinted = String(decoding: JSONWriter.encode(reparsed), as: UTF8.self)
            #expect(reprinted == fixture.expected, "case \(fixture.name)")
            #expect(reparsed == fixture.input, "case \(fixture.name)")
        }
    }

    @Test("Keeps doubles that print like integers as .double")
    func doublesStayDoubles() throws {
        let value = try parse("[1.0, 1e16, -0.0, 100.0]")
        #expect(value.arrayValue?.allSatisfy { if case .double = $0 { true } else { false } } == true)
    }
}
