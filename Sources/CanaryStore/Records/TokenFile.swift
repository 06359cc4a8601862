/// A file uploaded with a token (for example the `web_image` of a web-image token).
package struct TokenFile: Sendable, Equatable, Hashable {
    /// The parameter the file came in, unique per token (e.g. `web_image`).
    package var name: String
    /// The file name the client gave.
    package var filename: String
    /// The part's Content-Type, when the client sent one.
    package var contentType: String?
    /// The file's bytes, exactly as received.
    package var bytes: [UInt8]

    /// Makes a token file.
    package init(name: String, filename: String, contentType: String?, bytes: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
