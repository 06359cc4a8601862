import Basics

/// The aws-id kind's credentials in AWS's formats (docs/api.md §2), made at create, drawn from `SecureRandom` without
/// modulo bias.
package enum AWSKeys {
    private static let base32Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    private static let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+".utf8)
    private static let usernameAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// An AWS-looking access key id: `AKIA` + 16 of `A-Z2-7`.
    package static func accessKeyID() -> String { "AKIA" + SecureRandom.string(16, from: base32Alphabet) }

    /// An AWS-looking secret access key: 40 of `A-Za-z0-9/+`.
    package static func secretAccessKey() -> String { SecureRandom.string(40, from: secretAlphabet) }

    /// A random IAM-style user name for `aws-id` tokens made without `aws_id_username` (mock's choice of format).
    package static func username() -> String { "canarytoken-" + SecureRandom.string(12, from: usernameAlphabet) }
}
