import Basics

/// The qr-code kind's file: a PNG of the token URL as a QR code, like the OSS server's
/// `segno.make(url).save(scale=5)` (docs/token-files.md §7): level M, 5 px per module, a 4-module quiet zone,
/// black on white, 1-bit greyscale.
package struct QRCodeBuilder: TokenFileBuilder {
    /// Pixels per module.
    package static let scale = 5
    /// Light modules around the symbol on each side (ISO/IEC 18004 §6.3.8 minimum).
    package static let quietZone = 4

    /// Makes a builder.
    package init() {}

    /// `<token>.png`, `image/png`, the QR code of `input.url`.
    /// - Throws: `TokenFileError.missingField("url")` with the sizes in the message when the URL is longer than a
    ///   version 40-M symbol holds (2331 bytes); the API never lets such a URL exist.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        TokenDownload(name: "\(input.token).png", contentType: "image/png", bytes: try Self.png(for: input.url))
    }

    /// The PNG of that text's QR code.
    /// - Throws: `TokenFileError.missingField` when the text does not fit a QR code.
    package static func png(for text: String) throws(TokenFileError) -> [UInt8] {
        let symbol: QRSymbol
        do {
            symbol = try QREncoder.encode(text)
        } catch {
            switch error {
            case .tooLong(let bytes, let capacity):
                throw .missingField("url (\(bytes) bytes; a QR code holds at most \(capacity))")
            case .invalidMask(let mask):
                throw .missingField("mask \(mask)")
            }
        }
        return png(of: symbol.matrix)
    }

    /// A matrix drawn as a 1-bit PNG with the builder's scale and quiet zone.
    package static func png(of matrix: QRMatrix) -> [UInt8] {
        let side = (matrix.size + 2 * quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for row in 0..<matrix.size {
            for column in 0..<matrix.size where matrix[row, column] {
                let top = (row + quietZone) * scale, left = (column + quietZone) * scale
                for y in top..<top + scale {
                    for x in left..<left + scale { pixels[y * side + x] = 0 }
                }
            }
        }
        return PNGWriter.greyscale(width: side, height: side, depth: .one, pixels: pixels)
    }

    /// `data:image/png;base64,…` of the same PNG `build` makes for that URL: the token object's `qr_code` field.
    /// - Throws: as `build`.
    package static func dataURI(for url: String) throws(TokenFileError) -> String {
        "data:image/png;base64," + Base64.encode(try png(for: url))
    }
}
