/// msword-macro: `<token>.docm`, the built-in Word document in a macro-enabled container without a VBA project
/// (AFTER-CREATE-NOTES §4.3); its linked picture still fetches the token URL.
package struct WordMacroDocumentBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The document for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        WordPackage.download(input, format: .docm)
    }
}
