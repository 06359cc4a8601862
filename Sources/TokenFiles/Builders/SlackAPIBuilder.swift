/// slack-api: `slack_creds`, a text file holding a Slack API token.
///
/// The OSS names the download `slack_creds` (text/plain) and keeps the key in `slack_api_key`; its content is not
/// public (the OSS handler passes none, the key comes from Thinkst's own service), so the layout here is the mock's:
/// a comment line and `slack_api_key=<token>`. A real Slack token only triggers when Slack sees it used, which the
/// mock cannot observe.
package struct SlackAPIBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The creds file for that token.
    /// - Throws: `.missingField("slack_api_key")` when the key is not stored.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        guard let key = input.fields["slack_api_key"] else { throw .missingField("slack_api_key") }
        let text = "# Slack API token (user token)\nslack_api_key=\(key)\n"
        return TokenDownload(name: "slack_creds", contentType: "text/plain", bytes: Array(text.utf8))
    }
}
