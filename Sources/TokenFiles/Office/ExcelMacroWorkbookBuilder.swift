/// msexcel-macro: `<token>.xlsm`, the built-in workbook in a macro-enabled container without a VBA project
/// (AFTER-CREATE-NOTES §4.3); its linked picture still fetches the token URL.
package struct ExcelMacroWorkbookBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The workbook for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        ExcelPackage.download(input, format: .xlsm)
    }
}
