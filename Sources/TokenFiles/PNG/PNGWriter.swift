/// Writes greyscale PNG images (PNG specification, third edition): signature, IHDR, one IDAT holding a zlib stream of
/// stored deflate blocks (`StoredDeflate`) over the scanlines, each with filter type 0, and IEND.
package enum PNGWriter {
    /// Bits per pixel of a greyscale image (colour type 0).
    package enum BitDepth: UInt8, Sendable {
        /// Black (0) or white (1), eight pixels per byte, leftmost pixel in the high bit.
        case one = 1
        /// 256 grey levels, one byte per pixel.
        case eight = 8
    }

    /// The eight-byte PNG signature.
    package static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A greyscale PNG.
    /// - Parameters:
    ///   - width: Pixels per row, at least 1.
    ///   - height: Rows, at least 1.
    ///   - depth: `.one` stores 0 as black and any other value as white; `.eight` stores the values as they are.
    ///   - pixels: `width × height` grey values, row by row, 0 black and 255 white.
    package static func greyscale(width: Int, height: Int, depth: BitDepth, pixels: [UInt8]) -> [UInt8] {
        precondition(width >= 1 && height >= 1 && width <= 0x7FFF_FFFF && height <= 0x7FFF_FFFF,
            "PNG dimensions out of range")
        precondition(pixels.count == width * height, "PNG pixel count does not match the dimensions")
        var header: [UInt8] = []
        header.appendBE32(UInt32(width))
        header.appendBE32(UInt32(height))
        header.append(depth.rawValue)
        header.append(0)  // colour type 0: greyscale
        header.append(0)  // compression method 0: deflate
        header.append(0)  // filter method 0
        header.append(0)  // no interlace

        var out = signature
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", StoredDeflate.zlibStream(scanlines(width: width, height: height, depth: depth,
            pixels: pixels)), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// The filtered image data before compression: per row a filter-type byte 0 (None) and the packed pixels;
    /// 1-bit rows are padded with 0 bits to a whole byte.
    static func scanlines(width: Int, height: Int, depth: BitDepth, pixels: [UInt8]) -> [UInt8] {
        let rowBytes = depth == .one ? (width + 7) / 8 : width
        var out: [UInt8] = []
        out.reserveCapacity(height * (rowBytes + 1))
        for row in 0..<height {
            let rowPixels = pixels[row * width..<(row + 1) * width]
            out.append(0)
            switch depth {
            case .eight:
                out.append(contentsOf: rowPixels)
            case .one:
                var byte: UInt8 = 0
                for (index, value) in rowPixels.enumerated() {
                    if value != 0 { byte |= 0x80 >> UInt8(index % 8) }
                    if index % 8 == 7 {
                        out.append(byte)
                        byte = 0
                    }
                }
                if width % 8 != 0 { out.append(byte) }
            }
        }
        return out
    }

    /// PNG §5.3: length, type, data, and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        out.appendBE32(UInt32(data.count))
        out.append(contentsOf: typeBytes)
        out.append(contentsOf: data)
        out.appendBE32(CRC32.checksum(data, initial: CRC32.checksum(typeBytes)))
    }
}
