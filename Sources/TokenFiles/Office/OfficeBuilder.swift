/// The four Office token files, one builder parameterised by its format: doc-msword (`.docx`), msword-macro
/// (`.docm`), doc-msexcel (`.xlsx`) and msexcel-macro (`.xlsm`). The macro-enabled ones are the built-in document in
/// a macro-enabled container without a VBA project (README, the kinds table); their linked picture still fetches the
/// token URL. Only `.docx` takes an upload: a token created from the client's own document (`doc`) downloads that
/// document tokenized (`WordUploadTokenizer`).
package struct OfficeBuilder: TokenFileBuilder {
    /// Which of the four files this builder makes.
    package let format: OfficeFormat

    /// Makes a builder of `format`.
    package init(_ format: OfficeFormat) {
        self.format = format
    }

    /// For `.docx`: an uploaded document is unpacked and scanned to be tokenized, from the token id, URL and
    /// creation time only, so it is built once at create. (Without an upload the built-in document is built, cheaply,
    /// at create too.) The other formats are built at each download.
    package var buildsAtCreate: Bool { format.tokenizesUpload }

    /// The file for that token.
    /// - Throws: `TokenFileError.unreadableUpload` when a `.docx` token's uploaded document cannot be tokenized.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        if format.tokenizesUpload, let upload = input.upload {
            return try WordUploadTokenizer.tokenize(upload, input: input)
        }
        switch format.application {
        case .word: return WordPackage.download(input, format: format)
        case .excel: return ExcelPackage.download(input, format: format)
        }
    }
}
