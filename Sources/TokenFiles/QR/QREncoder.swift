/// Encodes bytes as a QR code (ISO/IEC 18004:2015): one byte-mode segment, error-correction level M, the smallest
/// version 1...40 that holds the data, and the mask with the lowest penalty (`QRPenalty`).
package enum QREncoder {
    /// The most bytes any symbol holds at level M (version 40).
    package static let maximumBytes = QRVersionTable.byteCapacity(version: 40)

    /// The symbol for `bytes`.
    /// - Parameters:
    ///   - bytes: The payload, stored as is (no ECI header; readers take it as UTF-8 or ISO 8859-1).
    ///   - mask: A mask number to use instead of the penalty choice (for comparisons with other encoders).
    /// - Throws: `QRError.tooLong` when version 40-M cannot hold the bytes, `QRError.invalidMask` for a forced mask
    ///   outside 0...7.
    package static func encode(_ bytes: [UInt8], mask forcedMask: Int? = nil) throws(QRError) -> QRSymbol {
        if let forcedMask, !QRMask.all.contains(forcedMask) { throw .invalidMask(forcedMask) }
        guard let version = QRVersionTable.smallestVersion(forBytes: bytes.count) else {
            throw .tooLong(bytes: bytes.count, capacity: maximumBytes)
        }
        let codewords = QRCodewords.interleaved(data: QRCodewords.data(bytes, version: version), version: version)
        var canvas = QRCanvas(version: version)
        canvas.placeCodewords(codewords)

        var best: (mask: Int, matrix: QRMatrix, score: Int)?
        for mask in forcedMask.map({ $0...$0 }) ?? QRMask.all {
            var candidate = canvas
            candidate.applyMask(mask)
            candidate.drawFormat(QRInfoBits.format(mask: mask))
            let score = forcedMask == nil ? QRPenalty.score(candidate.matrix) : 0
            if best.map({ score < $0.score }) ?? true { best = (mask, candidate.matrix, score) }
        }
        guard let best else { throw .invalidMask(forcedMask ?? -1) }
        return QRSymbol(version: version, mask: best.mask, matrix: best.matrix)
    }

    /// The symbol for the UTF-8 bytes of `text`.
    /// - Throws: as `encode(_:mask:)`.
    package static func encode(_ text: String, mask: Int? = nil) throws(QRError) -> QRSymbol {
        try encode(Array(text.utf8), mask: mask)
    }
}
