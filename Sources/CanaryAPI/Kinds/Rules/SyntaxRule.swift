/// A text value that must match a syntax of `Validation` (docs/api.md §3.1), stored as given.
package struct SyntaxRule: ParameterRule {
    /// What the syntax wants, for the seed file's message (`must be …`).
    package let expected: String
    /// The syntax check.
    package let accepts: @Sendable (String) -> Bool

    /// The value itself when `accepts` passes it.
    package func check(text: String) throws(KindValidator.Problem.Reason) -> String {
        guard accepts(text) else { throw .invalid(expected: expected) }
        return text
    }
}

extension ParameterRule where Self == SyntaxRule {
    /// An S3 bucket name.
    package static var s3Bucket: SyntaxRule { SyntaxRule(expected: "an S3 bucket name", accepts: Validation.isS3Bucket) }
    /// An AWS region such as `us-east-1`.
    package static var awsRegion: SyntaxRule {
        SyntaxRule(expected: "an AWS region such as us-east-1", accepts: Validation.isAWSRegion)
    }
    /// An IAM user name: 1–64 of `A-Za-z0-9+=,.@_-`.
    package static var awsUsername: SyntaxRule {
        SyntaxRule(expected: "1 to 64 of A-Z a-z 0-9 + = , . @ _ -", accepts: Validation.isAWSUsername)
    }
    /// A Windows program file name such as `klist.exe` (`process_name`).
    package static var processName: SyntaxRule {
        SyntaxRule(expected: "a Windows program name such as klist.exe", accepts: Validation.isProcessName)
    }
    /// A plain file name: 1–100 of letters, digits, `.`, `_`, `-`, not starting with `.` (`azure_id_cert_file_name`).
    package static var fileName: SyntaxRule {
        SyntaxRule(
            expected: "a file name of 1 to 100 letters, digits, '.', '_' and '-', not starting with '.'",
            accepts: Validation.isFileName)
    }
}
