/// doc-msexcel: `<token>.xlsx`, a one-sheet workbook whose drawing links the token URL as an image.
package struct ExcelWorkbookBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The workbook for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        ExcelPackage.download(input, format: .xlsx)
    }
}
