/// Windows programs for signed-exe tests.
enum Programs {
    /// The smallest header `UploadFormats.isWindowsProgram` accepts: `MZ`, the PE offset at 0x3C pointing at
    /// `PE\0\0` (0x40), then a little padding.
    static let minimalPE: [UInt8] = {
        var bytes = [UInt8](repeating: 0, count: 0x60)
        bytes[0] = 0x4D
        bytes[1] = 0x5A
        bytes[0x3C] = 0x40
        bytes[0x40] = 0x50
        bytes[0x41] = 0x45
        return bytes
    }()
}
