/// A finished QR code: its version, the mask chosen and the modules (without quiet zone).
package struct QRSymbol: Sendable, Equatable {
    /// Version 1...40.
    package let version: Int
    /// Mask pattern 0...7.
    package let mask: Int
    /// The modules.
    package let matrix: QRMatrix
}
