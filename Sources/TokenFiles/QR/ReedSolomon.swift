/// Reed–Solomon error-correction codewords as QR codes use them (ISO/IEC 18004 §7.5.2): the remainder of the data
/// polynomial times x^n divided by the generator polynomial (x − α^0)(x − α^1)…(x − α^(n−1)) over GF(256).
package enum ReedSolomon {
    /// Coefficients of the generator polynomial of that degree, highest power first, the leading 1 left out
    /// (so the array has `degree` entries).
    package static func generator(degree: Int) -> [UInt8] {
        precondition(degree >= 1 && degree <= 254, "Reed–Solomon degree out of range")
        // Start from the polynomial 1 and multiply by (x − α^i) in turn; − is + in GF(2^8).
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = GF256.multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = GF256.multiply(root, 2)
        }
        return coefficients
    }

    /// The `degree` error-correction codewords for one block of data codewords.
    package static func errorCorrection(for data: [UInt8], degree: Int) -> [UInt8] {
        let divisor = generator(degree: degree)
        return remainder(of: data, divisor: divisor)
    }

    /// Polynomial long division remainder of `data` · x^n by a monic divisor given without its leading 1.
    package static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for index in 0..<divisor.count { result[index] ^= GF256.multiply(divisor[index], factor) }
        }
        return result
    }
}
