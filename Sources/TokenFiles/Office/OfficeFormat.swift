/// What distinguishes the four Office token files from one another: the application whose package is built, the
/// file name extension, the download's content type, the content type of the main part (the only place a
/// macro-enabled package differs), and whether an uploaded document is tokenized instead.
package struct OfficeFormat: Sendable, Equatable {
    /// The application whose built-in package the file is.
    package enum Application: Sendable, Equatable {
        /// `WordPackage`.
        case word
        /// `ExcelPackage`.
        case excel
    }

    /// Word or Excel.
    package let application: Application
    /// The file name extension, without the dot.
    package let fileExtension: String
    /// The `Content-Type` of the download.
    package let contentType: String
    /// The content type `[Content_Types].xml` gives the main part (`word/document.xml` or `xl/workbook.xml`).
    package let mainPartContentType: String
    /// Whether a token made from an uploaded document downloads that document tokenized (doc-msword's `doc`).
    package let tokenizesUpload: Bool

    /// doc-msword.
    package static let docx = OfficeFormat(
        application: .word,
        fileExtension: "docx",
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        mainPartContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        tokenizesUpload: true
    )
    /// msword-macro: a macro-enabled container without a VBA project (docs/token-files.md §3).
    package static let docm = OfficeFormat(
        application: .word,
        fileExtension: "docm",
        contentType: "application/vnd.ms-word.document.macroEnabled.12",
        mainPartContentType: "application/vnd.ms-word.document.macroEnabled.main+xml",
        tokenizesUpload: false
    )
    /// doc-msexcel.
    package static let xlsx = OfficeFormat(
        application: .excel,
        fileExtension: "xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        mainPartContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        tokenizesUpload: false
    )
    /// msexcel-macro: a macro-enabled container without a VBA project (docs/token-files.md §3).
    package static let xlsm = OfficeFormat(
        application: .excel,
        fileExtension: "xlsm",
        contentType: "application/vnd.ms-excel.sheet.macroEnabled.12",
        mainPartContentType: "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        tokenizesUpload: false
    )

    /// The download name for that token: `<token>.<extension>`.
    package func fileName(token: String) -> String {
        "\(token).\(fileExtension)"
    }
}
