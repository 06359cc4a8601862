import MiniHTTP
import Testing

/// The writer's output as text, for readable failure messages.
private func encoded(_ value: JSONValue) -> String {
    String(decoding: JSONWriter.encode(value), as: UTF8.self)
}

@Suite("JSONWriter")
struct JSONWriterTests {
    // MARK: - Fixture from Python

    @Test("Fixture holds the expected number of cases")
    func fixtureLoads() throws {
        let cases = try JSONWriterFixture.cases()
        #expect(cases.count >= 50)
        #expect(Set(cases.map(\.name)).count == cases.count, "case names must be unique")
    }

    @Test("Matches Python's json.dumps byte for byte", arguments: try JSONWriterFixture.cases())
    func matchesPython(_ fixture: JSONWriterCase) {
        let actual = JSONWriter.encode(fixture.input)
        let expected = Array(fixture.expected.utf8)
        #expect(
            actual == expected,
            """
            case \(fixture.name):
            expected: \(fixture.expected)
            actual:   \(String(decoding: actual, as: UTF8.self))
            """
        )
    }

    @Test("The one-line form matches Python's json.dumps(sort_keys=True) byte for byte",
          arguments: try JSONWriterFixture.cases())
    func lineMatchesPython(_ fixture: JSONWriterCase) {
        let actual = JSONWriter.encodeLine(fixture.input)
        #expect(actual == Array(fixture.expectedLine.utf8), "case \(fixture.name): \(String(decoding: actual, as: UTF8.self))")
    }

    // MARK: - Scalars

    @Test("Prints scalars")
    func scalars() {
        #expect(encoded(.null) == "null")
        #expect(encoded(.bool(true)) == "true")
        #expect(encoded(.bool(false)) == "false")
        #expect(encoded(.int(0)) == "0")
        #expect(encoded(.int(-12)) == "-12")
        #expect(encoded(.int(Int.max)) == "9223372036854775807")
        #expect(encoded(.int(Int.min)) == "-9223372036854775808")
    }

    @Test(
        "Prints doubles as Python's repr",
        arguments: [
            (1.0, "1.0"), (-0.0, "-0.0"), (0.0, "0.0"), (0.1, "0.1"), (100.0, "100.0"),
            (1e15, "1000000000000000.0"), (1e16, "1e+16"), (9007199254740992.0, "9007199254740992.0"),
            (1e-4, "0.0001"), (1e-5, "1e-05"), (1.5e-7, "1.5e-07"), (1.5e300, "1.5e+300"), (.leastNonzeroMagnitude, "5e-324"),
            (123456789.125, "123456789.125"), (1.2345678901234568e17, "1.2345678901234568e+17"),
            (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
        ] as [(Double, String)]
    )
    func doubles(_ value: Double, _ expected: String) {
        #expect(encoded(.double(value)) == expected)
    }

    // MARK: - Strings

    @Test("Escapes quotes, backslashes and the short control escapes")
    func shortEscapes() {
        #expect(encoded("\"\\\n\r\t\u{08}\u{0C}") == #""\"\\\n\r\t\b\f""#)
    }

    @Test("Escapes other control characters and DEL as lowercase \\u00xx")
    func controlEscapes() {
        #expect(encoded("\u{00}\u{01}\u{1B}\u{1F}\u{7F}") == #""\u0000\u0001\u001b\u001f\u007f""#)
    }

    @Test("Leaves slashes and printable ASCII alone")
    func noSlashEscape() {
        #expect(encoded("http://a/b?c=d&e=~") == #""http://a/b?c=d&e=~""#)
    }

    @Test("Escapes non-ASCII as \\uxxxx and astral scalars as surrogate pairs")
    func nonASCII() {
        #expect(encoded("é€\u{FFFF}") == #""\u00e9\u20ac\uffff""#)
        #expect(encoded("😀\u{10000}\u{10FFFF}") == #""\ud83d\ude00\ud800\udc00\udbff\udfff""#)
        // A decomposed character stays two scalars; nothing normalizes it.
        #expect(encoded("e\u{301}") == #""e\u0301""#)
    }

    // MARK: - Containers

    @Test("Prints empty containers compactly at any depth")
    func emptyContainers() {
        #expect(encoded([]) == "[]")
        #expect(encoded([:]) == "{}")
        #expect(encoded(["a": [], "b": [:]]) == "{\n  \"a\": [],\n  \"b\": {}\n}")
        #expect(encoded([[[]]]) == "[\n  [\n    []\n  ]\n]")
    }

    @Test("Indents by two spaces with no trailing spaces")
    func indentation() {
        let text = encoded(["list": [1, ["k": nil]], "x": true])
        #expect(text == "{\n  \"list\": [\n    1,\n    {\n      \"k\": null\n    }\n  ],\n  \"x\": true\n}")
        #expect(!text.contains(" \n"))
        #expect(!text.hasSuffix("\n"))
    }

    @Test("Sorts keys by code point, not by Swift string order")
    func keyOrder() {
        let value: JSONValue = ["b": 1, "B": 2, "a": 3, "_": 4, "1": 5, "é": 6, "\u{FFFF}": 7, "😀": 8]
        let expected = """
            {
              "1": 5,
              "B": 2,
              "_": 4,
              "a": 3,
              "b": 1,
              "\\u00e9": 6,
              "\\uffff": 7,
              "\\ud83d\\ude00": 8
            }
            """
        #expect(encoded(value) == expected)
    }

    @Test("Puts a decomposed key where Python does, not where Swift's < would")
    func decomposedKeyOrder() {
        // Swift's `<` compares NFC forms ("\u{E9}" > "f"); Python compares code points ("e" < "f").
        #expect(encoded(["f": 1, "e\u{301}": 2]) == "{\n  \"e\\u0301\": 2,\n  \"f\": 1\n}")
    }
}
