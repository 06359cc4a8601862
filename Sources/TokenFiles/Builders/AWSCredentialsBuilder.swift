/// aws-id: `credentials`, an AWS shared credentials file for the token's key pair.
///
/// The OSS writes `aws_access_key=` (sic); this writes the real AWS key name `aws_access_key_id`, as the Console's
/// `renders["aws-id"]` does (docs/token-files.md §8), with no spaces around `=` because Thinkst's droppers cut the
/// values out with sed.
package struct AWSCredentialsBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The credentials file for that token.
    /// - Throws: `.missingField` when `access_key_id` or `secret_access_key` is not stored.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        guard let keyID = input.fields["access_key_id"] else { throw .missingField("access_key_id") }
        guard let secret = input.fields["secret_access_key"] else { throw .missingField("secret_access_key") }
        let text = "[default]\naws_access_key_id=\(keyID)\naws_secret_access_key=\(secret)\nregion=us-east-2\noutput=json\n"
        return TokenDownload(name: "credentials", contentType: "text/plain", bytes: Array(text.utf8))
    }
}
