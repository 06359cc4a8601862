import TokenFiles

/// The checks an uploaded file passes at create, before the token keeps it.
package enum UploadFormats {
    /// A Word document (`doc` of doc-msword): a zip within the unpacking limits, holding `word/document.xml` and
    /// `[Content_Types].xml`. Whether TokenFiles can tokenize it is checked by tokenizing it: `OfficeBuilder(.docx)`
    /// builds at create (`TokenMinter`), and a failure there answers the same `Could not process the parameters`,
    /// so the document's XML is scanned once per create, not twice.
    @Sendable package static func isWordDocument(_ bytes: [UInt8]) -> Bool {
        (try? WordUploadTokenizer.checkPackage(bytes)) != nil
    }

    /// A Windows program (`exe` of signed-exe): an MZ header whose PE offset points at `PE\0\0`.
    @Sendable package static func isWindowsProgram(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 0x40, bytes[0] == 0x4D, bytes[1] == 0x5A else { return false }
        let offset = Int(bytes[0x3C]) | Int(bytes[0x3D]) << 8 | Int(bytes[0x3E]) << 16 | Int(bytes[0x3F]) << 24
        guard offset >= 0x40, offset <= bytes.count - 4 else { return false }
        return Array(bytes[offset..<offset + 4]) == [0x50, 0x45, 0, 0]
    }
}
