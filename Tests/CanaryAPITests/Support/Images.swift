import MiniHTTP
import Testing

/// Small images by magic bytes, for `web-image` tokens.
enum Images {
    /// A 1×1 GIF89a, the smallest usual tracking pixel.
    static let gif89a: [UInt8] = Array("GIF89a".utf8) + [
        0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x21, 0xF9, 0x04, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00,
        0x3B,
    ]
    /// A GIF87a header and a little data.
    static let gif87a: [UInt8] = Array("GIF87a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3B]
    /// The PNG signature.
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// A PNG signature and an IHDR chunk start.
    static let png: [UInt8] = pngSignature + [0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
    /// A JPEG start-of-image and APP0 marker.
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]

    /// A PNG of exactly `count` bytes (signature, then zeros).
    static func png(count: Int) -> [UInt8] {
        pngSignature + [UInt8](repeating: 0, count: count - pngSignature.count)
    }
}

extension TestConsole {
    /// Creates a `web-image` token by multipart: the text `fields`, then each file part.
    func createWebImage(
        memo: String = "web image", fields: [(String, String)] = [],
        files: [(name: String, filename: String, bytes: [UInt8])], textFirst: [(String, String)] = []
    ) throws -> Reply {
        var body = MultipartBody()
        for (name, value) in textFirst { body.addField(name, value) }
        body.addField("memo", memo)
        body.addField("kind", "web-image")
        for (name, value) in fields { body.addField(name, value) }
        for file in files { body.addFile(file.name, filename: file.filename, contentType: "image/png", bytes: file.bytes) }
        return try send(.make(.post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: body))
    }
}
