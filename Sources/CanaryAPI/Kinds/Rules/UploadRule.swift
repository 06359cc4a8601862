import MiniHTTP

/// A file part of at most `maxBytes` that `accepts` says is the right format (`doc`, `exe`); the token keeps it
/// with the part's own content type, and its download is made from it.
package struct UploadRule: ParameterRule {
    /// The largest part accepted.
    package let maxBytes: Int
    /// The format check (`UploadFormats`).
    package let accepts: @Sendable ([UInt8]) -> Bool

    /// A file part.
    package var takesFile: Bool { true }

    /// The part's own content type, when the format check passes.
    package func check(file: HTTPParameters.File) throws(KindValidator.Problem.Reason) -> String? {
        guard !file.bytes.isEmpty, file.bytes.count <= maxBytes, accepts(file.bytes) else { throw .badFile }
        return file.contentType
    }
}

extension ParameterRule where Self == UploadRule {
    /// An upload of at most `maxBytes` in the format `accepts` checks.
    package static func upload(maxBytes: Int, accepts: @escaping @Sendable ([UInt8]) -> Bool) -> UploadRule {
        UploadRule(maxBytes: maxBytes, accepts: accepts)
    }
}
