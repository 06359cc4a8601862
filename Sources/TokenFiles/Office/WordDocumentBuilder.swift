/// doc-msword: `<token>.docx`, the built-in document or, when the token was created from an uploaded document
/// (`doc`), that document tokenized.
package struct WordDocumentBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// An uploaded document is unpacked and scanned to be tokenized, from the token id, URL and creation time only:
    /// built once at create. (Without an upload the built-in document is built, cheaply, at download.)
    package var buildsAtCreate: Bool { true }

    /// The document for that token.
    /// - Throws: `TokenFileError.unreadableUpload` when the token's uploaded document cannot be tokenized.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        if let upload = input.upload { return try WordUploadTokenizer.tokenize(upload, input: input) }
        return WordPackage.download(input, format: .docx)
    }

    /// Checks an upload when the token is created, so a file that could never be tokenized is refused then
    /// (`Could not process the parameters`) rather than at download.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason (for the log).
    package static func validateUpload(_ bytes: [UInt8]) throws(TokenFileError) {
        try WordUploadTokenizer.validate(bytes)
    }

    /// The first, cheaper half of `validateUpload`: a zip within the unpacking limits whose every entry checks out,
    /// holding `[Content_Types].xml` and `word/document.xml`. The parts' XML is not scanned; building the file,
    /// which create does next since `buildsAtCreate`, is the rest of the check.
    /// - Throws: `TokenFileError.unreadableUpload` with the reason (for the log).
    package static func checkPackage(_ bytes: [UInt8]) throws(TokenFileError) {
        let reader = try ZipReader(bytes)
        guard reader.entry(named: OPCContentTypes.partName) != nil else {
            throw .unreadableUpload("no [Content_Types].xml: not an Office document")
        }
        guard reader.entry(named: WordUploadTokenizer.documentPart) != nil else {
            throw .unreadableUpload("no word/document.xml: not a Word document")
        }
    }
}
