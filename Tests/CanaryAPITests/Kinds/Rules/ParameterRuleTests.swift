import CanaryAPI
import MiniHTTP
import Testing

/// Each parameter rule is a value with its own check; these call the checks directly, without a kind or a request.
@Suite("Kinds: each parameter rule's own check")
struct ParameterRuleTests {
    private typealias Reason = KindValidator.Problem.Reason

    private static func text(_ rule: some ParameterRule, _ value: String) -> Result<String, Reason> {
        Result { () throws(Reason) in try rule.check(text: value) }
    }

    private static func file(_ rule: some ParameterRule, _ bytes: [UInt8]) -> Result<String?, Reason> {
        let part = HTTPParameters.File(name: "f", filename: "f.bin", contentType: "application/x-test", bytes: bytes)
        return Result { () throws(Reason) in try rule.check(file: part) }
    }

    @Test("Text rules keep a valid value and name what they want otherwise")
    func textRules() {
        #expect(Self.text(.text, "anything") == .success("anything"))
        #expect(Self.text(.s3Bucket, "my-bucket") == .success("my-bucket"))
        #expect(Self.text(.s3Bucket, "My_Bucket") == .failure(.invalid(expected: "an S3 bucket name")))
        #expect(Self.text(.awsRegion, "us-east-1") == .success("us-east-1"))
        #expect(Self.text(.processName, "klist.exe") == .success("klist.exe"))
        #expect(Self.text(.processName, "klist") == .failure(.invalid(expected: "a Windows program name such as klist.exe")))
        #expect(Self.text(.domainName, "example.com") == .success("example.com"))
        #expect(Self.text(.domainName, "localhost") == .failure(.notEnoughLabels))
        #expect(Self.text(.domainName, "http://x") == .failure(.invalid(expected: "a domain name")))
    }

    @Test("A boolean is stored as true or false and has a value when absent")
    func boolean() {
        #expect(Self.text(.boolean(default: true), "0") == .success("false"))
        #expect(Self.text(.boolean(default: true), "TRUE") == .success("true"))
        #expect(Self.text(.boolean(default: true), "yes") == .failure(.invalid(expected: "true or false")))
        #expect(BooleanRule.boolean(default: true).absentValue == "true")
        #expect(BooleanRule.boolean(default: false).absentValue == "false")
        #expect(TextRule.text.absentValue == nil)
    }

    @Test("File rules check size and format; only they take files")
    func fileRules() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
        #expect(Self.file(.imageFile(maxBytes: 16), png) == .success("image/png"))
        #expect(Self.file(.imageFile(maxBytes: 4), png) == .failure(.badFile))
        #expect(Self.file(.imageFile(maxBytes: 16), [1, 2, 3]) == .failure(.badFile))
        let upload = UploadRule.upload(maxBytes: 8) { $0.first == 7 }
        #expect(Self.file(upload, [7, 1]) == .success("application/x-test"))
        #expect(Self.file(upload, [8, 1]) == .failure(.badFile))
        #expect(Self.file(upload, []) == .failure(.badFile))
        #expect(upload.takesFile && ImageFileRule.imageFile(maxBytes: 1).takesFile)
        #expect(!TextRule.text.takesFile && !SyntaxRule.s3Bucket.takesFile)
    }
}
