/// signed-exe: the uploaded executable, returned as it was uploaded.
///
/// The real Console (and the OSS `authenticode.py`) re-signs the binary with an Authenticode certificate whose
/// URLs point at the token host, so that signature checks trigger; the mock does not sign, it hands the upload back.
package struct SignedExeBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// `<token>.exe` with the uploaded bytes.
    /// - Throws: `.missingField("exe")` when the token has no upload.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        guard let upload = input.upload else { throw .missingField("exe") }
        return TokenDownload(name: "\(input.token).exe", contentType: "application/octet-stream", bytes: upload)
    }
}
