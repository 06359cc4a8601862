import MiniHTTP

/// A PNG, GIF or JPEG file part of at most `maxBytes` (`web_image`); the detected type is the one stored.
package struct ImageFileRule: ParameterRule {
    /// The largest part accepted.
    package let maxBytes: Int

    /// A file part.
    package var takesFile: Bool { true }

    /// The image type read from the magic bytes.
    package func check(file: HTTPParameters.File) throws(KindValidator.Problem.Reason) -> String? {
        guard !file.bytes.isEmpty, file.bytes.count <= maxBytes, let type = Validation.imageType(file.bytes) else {
            throw .badFile
        }
        return type
    }
}

extension ParameterRule where Self == ImageFileRule {
    /// An image part of at most `maxBytes`.
    package static func imageFile(maxBytes: Int) -> ImageFileRule { ImageFileRule(maxBytes: maxBytes) }
}
