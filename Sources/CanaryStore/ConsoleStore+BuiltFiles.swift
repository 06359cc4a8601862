extension TokenFile {
    /// The `token_files` name under which a token's built download is kept. No request parameter can have it (the
    /// colon never appears in one), so it cannot clash with an uploaded file, and no schema change is needed: the
    /// row is written in the token's own insert transaction and deleted with it (ON DELETE CASCADE).
    package static let builtName = "built:download"

    /// A built download to store with a new token: its file name, content type and bytes.
    package static func built(filename: String, contentType: String, bytes: [UInt8]) -> TokenFile {
        TokenFile(name: builtName, filename: filename, contentType: contentType, bytes: bytes)
    }
}

extension ConsoleStore {
    /// The download built when token `id` was created, if one was stored (tokens of kinds built at download, and
    /// tokens created before built files were stored, have none).
    package func builtFile(_ id: String) throws(StoreError) -> TokenFile? {
        try tokenFile(id, name: TokenFile.builtName)
    }
}
