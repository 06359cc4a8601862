import Foundation
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct QRCode {
        @Test("qr-code: <token>.png, image/png, the URL's symbol at 5 px per module with a 4-module quiet zone")
        func image() throws {
            let input = Builders.input(kind: "qr-code")
            let file = try QRCodeBuilder().build(input)
            #expect(file.name == "k3jf9sl2m4n5b6v7c8x9z0q1w.png")
            #expect(file.contentType == "image/png")

            let matrix = try QREncoder.encode(input.url).matrix
            let side = (matrix.size + 8) * 5
            let reader = try PNGReader(file.bytes)
            #expect(reader.chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
            var header: [UInt8] = []
            header.appendBE32(UInt32(side))
            header.appendBE32(UInt32(side))
            #expect(reader.chunks[0].data == header + [1, 0, 0, 0, 0])

            // Every pixel: white (1) in the quiet zone, black (0) exactly where the module is dark.
            let rowBytes = (side + 7) / 8
            let scanlines = try PNGReader.inflateStored(reader.chunks[1].data)
            #expect(scanlines.count == side * (rowBytes + 1))
            var mismatches = 0
            for y in 0..<side {
                #expect(scanlines[y * (rowBytes + 1)] == 0)
                for x in 0..<side {
                    let byte = scanlines[y * (rowBytes + 1) + 1 + x / 8]
                    let white = (byte >> UInt8(7 - x % 8)) & 1 == 1
                    let row = y / 5 - 4, column = x / 5 - 4
                    let inside = (0..<matrix.size).contains(row) && (0..<matrix.size).contains(column)
                    if white != !(inside && matrix[row, column]) { mismatches += 1 }
                }
            }
            #expect(mismatches == 0)
        }

        @Test("dataURI is data:image/png;base64, of the very PNG build answers")
        func dataURI() throws {
            let input = Builders.input(kind: "qr-code")
            let uri = try QRCodeBuilder.dataURI(for: input.url)
            let prefix = "data:image/png;base64,"
            #expect(uri.hasPrefix(prefix))
            let decoded = Data(base64Encoded: String(uri.dropFirst(prefix.count))).map { [UInt8]($0) }
            #expect(decoded == (try QRCodeBuilder().build(input)).bytes)
        }

        @Test("A URL longer than version 40-M holds is refused as a missing url field")
        func tooLong() {
            let url = "http://x.io/" + String(repeating: "a", count: 2320)
            #expect(throws: TokenFileError.missingField("url (2332 bytes; a QR code holds at most 2331)")) {
                try QRCodeBuilder.dataURI(for: url)
            }
            #expect(Builders.error { _ = try QRCodeBuilder.png(for: String(url.dropLast())) } == nil)
        }
    }
}
