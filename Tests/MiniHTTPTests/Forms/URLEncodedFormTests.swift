import MiniHTTP
import Testing

/// Decodes `text` and returns the pairs, for compact expectations.
private func pairs(_ text: String, maxCount: Int = HTTPLimits.default.maxParameters) throws -> [[String]] {
    try URLEncodedForm.decode(text, maxCount: maxCount).map { [$0.name, $0.value] }
}

/// Decodes raw bytes (which need not be UTF-8) the way a body is decoded.
private func pairs(bytes: [UInt8]) throws -> [[String]] {
    var fields: [HTTPParameters.Field] = []
    try URLEncodedForm.decode(bytes[...], into: &fields, maxCount: HTTPLimits.default.maxParameters)
    return fields.map { [$0.name, $0.value] }
}

@Suite("URL-encoded forms and query strings")
struct URLEncodedFormTests {
    @Test(
        "Decodes plus, percent escapes in either case and multibyte UTF-8",
        arguments: [
            ("a=b+c", "b c"),
            ("a=b%20c", "b c"),
            ("a=1%2B1", "1+1"),
            ("a=100%25", "100%"),
            ("a=%2b%2F%3d", "+/="),
            ("a=%E2%9C%93", "✓"),
            ("a=%e2%9c%93", "✓"),
            ("a=✓é", "✓é"),
            ("a=%F0%9F%90%A6", "🐦"),
            ("a=x%3Dy%26z", "x=y&z"),
            ("a=one=two", "one=two"),
            ("a=", ""),
            ("a", ""),
            ("a=plain", "plain"),
        ])
    func decodesValue(input: String, expected: String) throws {
        #expect(try pairs(input) == [["a", expected]])
    }

    @Test("Decodes names like values: plus and escapes")
    func decodesNames() throws {
        #expect(
            try pairs("first+name=x&last%20name=y&%E2%9C%93=z") == [
                ["first name", "x"], ["last name", "y"], ["✓", "z"],
            ])
    }

    @Test(
        "Skips empty segments",
        arguments: [
            ("a=1&&b=2", [["a", "1"], ["b", "2"]]),
            ("&a=1&", [["a", "1"]]),
            ("&&&", []),
            ("", []),
        ])
    func skipsEmptySegments(input: String, expected: [[String]]) throws {
        #expect(try pairs(input) == expected)
    }

    @Test("Keeps an empty name and bare names")
    func emptyAndBareNames() throws {
        #expect(try pairs("=value&flag&x=1") == [["", "value"], ["flag", ""], ["x", "1"]])
        #expect(try pairs("=") == [["", ""]])
    }

    @Test(
        "Refuses a percent sign without two hex digits",
        arguments: [
            "a=%", "a=%4", "a=%GG", "a=%%", "a=%%41", "a=%4G", "a=%G4", "%=1", "a%=1", "a=1%", "a=%-1", "a=% 1",
        ])
    func refusesBadEscape(input: String) {
        #expect(throws: ParameterError.badPercentEscape) { try pairs(input) }
    }

    @Test("A bad escape in one value fails the whole decode, not only that value")
    func badEscapeFailsAll() {
        // URLComponents on Linux would leave every value undecoded here; we refuse outright.
        #expect(throws: ParameterError.badPercentEscape) { try pairs("a=b+c&d=%ZZ&e=%20") }
        #expect(throws: ParameterError.badPercentEscape) { try pairs("d=%ZZ&a=good") }
    }

    @Test(
        "Refuses values that are not UTF-8 after decoding",
        arguments: [
            "a=%FF",  // never valid in UTF-8
            "a=%C3%28",  // lead byte followed by a non-continuation byte
            "a=%C0%AF",  // overlong encoding of "/"
            "a=%E0%80%AF",  // overlong three-byte encoding
            "a=%ED%A0%80",  // UTF-16 surrogate
            "a=%F4%90%80%80",  // past U+10FFFF
            "a=%E2%9C",  // truncated sequence
            "a=%80",  // lone continuation byte
        ])
    func refusesInvalidUTF8Value(input: String) {
        #expect(throws: ParameterError.invalidUTF8(name: "a")) { try pairs(input) }
    }

    @Test("Refuses a name that is not UTF-8, without naming it")
    func refusesInvalidUTF8Name() {
        #expect(throws: ParameterError.invalidUTF8(name: nil)) { try pairs("%FF=1") }
        #expect(throws: ParameterError.invalidUTF8(name: nil)) { try pairs("%C0%AF") }
    }

    @Test("Refuses raw bytes that are not UTF-8, and accepts raw UTF-8")
    func rawBytes() throws {
        #expect(throws: ParameterError.invalidUTF8(name: "a")) { try pairs(bytes: [0x61, 0x3D, 0xFF]) }
        #expect(throws: ParameterError.invalidUTF8(name: nil)) { try pairs(bytes: [0xC3, 0x3D, 0x31]) }
        #expect(try pairs(bytes: Array("a=caf\u{E9}".utf8)) == [["a", "café"]])
    }

    @Test("Keeps duplicates in order")
    func duplicates() throws {
        #expect(try pairs("a=1&b=2&a=3") == [["a", "1"], ["b", "2"], ["a", "3"]])
    }

    @Test("Accepts exactly the parameter limit and refuses one more", arguments: [1, 2, 10, 1000])
    func parameterLimit(limit: Int) throws {
        let atLimit = (0..<limit).map { "p\($0)=v" }.joined(separator: "&")
        #expect(try pairs(atLimit, maxCount: limit).count == limit)
        // Empty segments do not count.
        #expect(try pairs(atLimit + "&&", maxCount: limit).count == limit)
        #expect(throws: ParameterError.tooManyParameters) { try pairs(atLimit + "&x", maxCount: limit) }
    }

    @Test("The limit counts fields already decoded, so query and body share it")
    func sharedLimit() throws {
        var fields: [HTTPParameters.Field] = []
        try URLEncodedForm.decode(Array("a=1&b=2".utf8)[...], into: &fields, maxCount: 3)
        try URLEncodedForm.decode(Array("c=3".utf8)[...], into: &fields, maxCount: 3)
        #expect(fields.map(\.name) == ["a", "b", "c"])
        #expect(throws: ParameterError.tooManyParameters) {
            try URLEncodedForm.decode(Array("d=4".utf8)[...], into: &fields, maxCount: 3)
        }
    }

    @Test("Decodes a slice that does not start at index zero")
    func sliceIndices() throws {
        let bytes = Array("junk?a=%41&b=c+d".utf8)
        var fields: [HTTPParameters.Field] = []
        try URLEncodedForm.decode(bytes[5...], into: &fields, maxCount: 10)
        #expect(fields == [.init(name: "a", value: "A"), .init(name: "b", value: "c d")])
    }

    @Test("Every single byte after a percent sign either decodes or is refused, never crashes")
    func everyByteAfterPercent() {
        for byte in UInt8.min...UInt8.max {
            let input: [UInt8] = Array("a=%4".utf8) + [byte]
            let result = Result { try pairs(bytes: input) }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"):
                // %40-%4F are ASCII, so the value decodes.
                #expect((try? result.get())?.first?.last?.utf8.count == 1)
            default:
                #expect(throws: ParameterError.badPercentEscape) { try result.get() }
            }
        }
    }

    @Test("Percent-encoding round-trips through the decoder", arguments: [true, false])
    func percentEncodingRoundTrip(spaceAsPlus: Bool) throws {
        let values = ["plain", "a b", "1+1=2", "100%", "x&y=z", "✓ 🐦 café", "~-._", "/?#[]@!$'()*,;", ""]
        let input = values.enumerated().map { ("k\($0.offset) \($0.element)", $0.element) }
        let encoded = PercentEncoding.encode(input, spaceAsPlus: spaceAsPlus)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 && $0 != 0x20 })
        #expect(spaceAsPlus == encoded.contains("+"))
        #expect(try pairs(encoded) == input.map { [$0.0, $0.1] })
    }
}
