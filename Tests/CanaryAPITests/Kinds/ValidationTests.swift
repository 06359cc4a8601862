import CanaryAPI
import Testing

@Suite("Validation: the syntax checks as pure functions")
struct ValidationTests {
    @Test(
        "isFlockID: flock:default or flock: + 32 lowercase hex",
        arguments: [
            ("flock:default", true), ("flock:0123456789abcdef0123456789abcdef", true),
            ("flock:ffffffffffffffffffffffffffffffff", true),
            ("flock:0123456789ABCDEF0123456789ABCDEF", false), ("flock:0123456789abcdef0123456789abcde", false),
            ("flock:0123456789abcdef0123456789abcdef0", false), ("flock:0123456789abcdef0123456789abcdeg", false),
            ("0123456789abcdef0123456789abcdef", false), ("flock:", false), ("", false), ("flock:Default", false),
            ("Flock:default", false), ("flock:default ", false), ("flock:other", false),
        ])
    func isFlockID(text: String, valid: Bool) {
        #expect(Validation.isFlockID(text) == valid)
    }

    @Test(
        "isHostName: dot-separated labels of letters, digits and inner hyphens, 1–63 each, 253 in all",
        arguments: [
            ("canarytokens.localhost", true), ("localhost", true), ("0123456789ab.o3n.io", true), ("A-B.c", true),
            ("xn--bcher-kva.example", true), (String(repeating: "a", count: 63) + ".com", true),
            (String(repeating: "a", count: 64) + ".com", false),
            ([String](repeating: String(repeating: "a", count: 49), count: 5).joined(separator: "."), true),  // 249
            ([String](repeating: String(repeating: "a", count: 50), count: 5).joined(separator: ".") + ".a", false),  // 256
            ("", false), (".", false), ("a..b", false), (".a", false), ("a.", false), ("-a.b", false), ("a-.b", false),
            ("a_b.c", false), ("a b.c", false), ("http://a.b", false), ("a.b/c", false), ("a.b:80", false),
            ("ä.b", false), ("*.a.b", false),
        ])
    func isHostName(text: String, valid: Bool) {
        #expect(Validation.isHostName(text) == valid)
    }

    @Test("isHostName: exactly 253 characters pass and 254 fail")
    func hostNameLength() {
        let label63 = String(repeating: "a", count: 63)
        let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(name253.count == 253)
        #expect(Validation.isHostName(name253))
        #expect(!Validation.isHostName(name253 + "b"))
    }

    @Test(
        "domainProblem: nil for two or more labels, notEnoughLabels for one, invalid otherwise",
        arguments: [
            ("example.com", nil), ("a.b.c.d", nil), ("localhost", .notEnoughLabels), ("x", .notEnoughLabels),
            ("", .invalid), ("https://example.com", .invalid), ("example.com/", .invalid), ("exa mple", .invalid),
            ("example.", .invalid), ("-x", .invalid),
        ] as [(String, Validation.DomainProblem?)])
    func domainProblem(text: String, problem: Validation.DomainProblem?) {
        #expect(Validation.domainProblem(text) == problem)
    }

    @Test(
        "isS3Bucket: 3–63 of a-z0-9.-, starting and ending with a letter or digit",
        arguments: [
            ("abc", true), ("a-b", true), ("a.b", true), ("123", true), (String(repeating: "z", count: 63), true),
            ("my.log-bucket.2020", true),
            ("ab", false), (String(repeating: "z", count: 64), false), ("-ab", false), ("ab-", false), (".ab", false),
            ("ab.", false), ("aBc", false), ("a_b", false), ("a b", false), ("", false), ("abç", false),
        ])
    func isS3Bucket(text: String, valid: Bool) {
        #expect(Validation.isS3Bucket(text) == valid)
    }

    @Test(
        "isAWSRegion: lowercase words joined by hyphens, ending in a number",
        arguments: [
            ("us-east-1", true), ("eu-central-2", true), ("us-gov-west-1", true), ("ap-southeast-10", true),
            ("us-east", false), ("us-east-1a", false), ("US-EAST-1", false), ("us_east_1", false), ("useast1", false),
            ("us--east-1", false), ("-us-east-1", false), ("us-east-1-", false), ("us-east-", false), ("", false),
            ("us-e4st-1", false),
        ])
    func isAWSRegion(text: String, valid: Bool) {
        #expect(Validation.isAWSRegion(text) == valid)
    }

    @Test(
        "isAWSUsername: 1–64 of A-Za-z0-9+=,.@_-",
        arguments: [
            ("a", true), ("Admin_User-1", true), ("+=,.@_-", true), (String(repeating: "u", count: 64), true),
            ("", false), (String(repeating: "u", count: 65), false), ("a b", false), ("a/b", false), ("ü", false),
            ("a:b", false), ("a*b", false), ("a\tb", false),
        ])
    func isAWSUsername(text: String, valid: Bool) {
        #expect(Validation.isAWSUsername(text) == valid)
    }

    @Test(
        "parseBoolean: true/false in any case, or 1/0; nothing else",
        arguments: [
            ("true", true), ("TRUE", true), ("tRuE", true), ("1", true), ("false", false), ("False", false),
            ("FALSE", false), ("0", false),
            ("yes", nil), ("no", nil), ("on", nil), ("", nil), (" true", nil), ("true ", nil), ("01", nil), ("2", nil),
            ("t", nil),
        ] as [(String, Bool?)])
    func parseBoolean(text: String, value: Bool?) {
        #expect(Validation.parseBoolean(text) == value)
    }

    @Test(
        "imageType: PNG, GIF87a, GIF89a and JPEG by magic bytes",
        arguments: [
            (Images.png, "image/png"), (Images.pngSignature, "image/png"), (Images.gif87a, "image/gif"),
            (Images.gif89a, "image/gif"), (Array("GIF89a".utf8), "image/gif"), (Images.jpeg, "image/jpeg"),
            ([0xFF, 0xD8, 0xFF], "image/jpeg"),
            ([], nil), (Array(Images.pngSignature.dropLast()), nil), (Array("GIF8".utf8), nil), (Array("GIF90a".utf8), nil),
            (Array("gif89a".utf8), nil), ([0xFF, 0xD8], nil), ([0xFF, 0xD8, 0xFE], nil), (Array("BM".utf8), nil),
            (Array("%PDF-1.7".utf8), nil), ([0x00] + Images.png, nil),
        ] as [([UInt8], String?)])
    func imageType(bytes: [UInt8], type: String?) {
        #expect(Validation.imageType(bytes) == type)
    }
}
