/// What distinguishes the four Office token files from one another: the file name extension, the download's
/// content type, and the content type of the main part (the only place a macro-enabled package differs).
package struct OfficeFormat: Sendable, Equatable {
    /// The file name extension, without the dot.
    package let fileExtension: String
    /// The `Content-Type` of the download.
    package let contentType: String
    /// The content type `[Content_Types].xml` gives the main part (`word/document.xml` or `xl/workbook.xml`).
    package let mainPartContentType: String

    /// doc-msword.
    package static let docx = OfficeFormat(
        fileExtension: "docx",
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        mainPartContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    )
    /// msword-macro: a macro-enabled container without a VBA project (AFTER-CREATE-NOTES §4.3).
    package static let docm = OfficeFormat(
        fileExtension: "docm",
        contentType: "application/vnd.ms-word.document.macroEnabled.12",
        mainPartContentType: "application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    /// doc-msexcel.
    package static let xlsx = OfficeFormat(
        fileExtension: "xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        mainPartContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    /// msexcel-macro: a macro-enabled container without a VBA project (AFTER-CREATE-NOTES §4.3).
    package static let xlsm = OfficeFormat(
        fileExtension: "xlsm",
        contentType: "application/vnd.ms-excel.sheet.macroEnabled.12",
        mainPartContentType: "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    )

    /// The download name for that token: `<token>.<extension>`.
    package func fileName(token: String) -> String {
        "\(token).\(fileExtension)"
    }
}
