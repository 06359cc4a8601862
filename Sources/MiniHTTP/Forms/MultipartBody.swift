/// Builds a `multipart/form-data` body (RFC 7578) with CRLF line ends, for tests and tools.
package struct MultipartBody: Sendable {
    /// The boundary between parts; must not occur in any part's content.
    package let boundary: String
    private var parts: [UInt8] = []

    /// Makes an empty body with that boundary. The default is fixed so bodies are reproducible.
    package init(boundary: String = "----canarymockBoundary7MA4YWxkTrZu0gW") {
        self.boundary = boundary
    }

    /// Appends a text field.
    package mutating func addField(_ name: String, _ value: String) {
        appendHeaders(name: name, filename: nil, contentType: nil)
        parts += Array(value.utf8)
        parts += Self.crlf
    }

    /// Appends a file part with a `filename` parameter and a Content-Type header.
    package mutating func addFile(
        _ name: String, filename: String, contentType: String = "application/octet-stream", bytes: [UInt8]
    ) {
        appendHeaders(name: name, filename: filename, contentType: contentType)
        parts += bytes
        parts += Self.crlf
    }

    /// The Content-Type header value, `multipart/form-data; boundary=…`.
    package var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The whole body: every part, then the close delimiter.
    package var bytes: [UInt8] { parts + Array("--\(boundary)--\r\n".utf8) }

    private mutating func appendHeaders(name: String, filename: String?, contentType: String?) {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\""
        if let filename { head += "; filename=\"\(Self.quoted(filename))\"" }
        head += "\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "\r\n"
        parts += Array(head.utf8)
    }

    /// Escapes `"` and `\` as quoted-pairs (RFC 9110 §5.6.4), which the decoder reads back.
    private static func quoted(_ s: String) -> String {
        var out = ""
        for character in s {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]
}
