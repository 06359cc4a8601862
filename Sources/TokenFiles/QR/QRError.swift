/// Why a QR code could not be made.
package enum QRError: Error, Equatable, Sendable {
    /// The data needs more than version 40 at level M holds in byte mode (`capacity` bytes).
    case tooLong(bytes: Int, capacity: Int)
    /// A forced mask number outside 0...7.
    case invalidMask(Int)
}
