/// The syntax checks of docs/api.md §2, §3 and §5, as pure functions over ASCII.
package enum Validation {
    /// `flock:default`, or `flock:` followed by 32 lowercase hex digits.
    package static func isFlockID(_ text: String) -> Bool {
        if text == KindsTable.defaultFlockID { return true }
        guard text.hasPrefix("flock:") else { return false }
        let hex = text.utf8.dropFirst(6)
        return hex.count == 32 && hex.allSatisfy(isLowerHex)
    }

    /// A DNS host name: dot-separated labels of letters, digits and inner hyphens, each 1–63 long, 253 in all.
    package static func isHostName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isLabel)
    }

    /// A dotted-quad IPv4 address: four decimal numbers 0–255 without leading zeros (`127.0.0.1`).
    package static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                part.utf8.count == 1 || part.utf8.first != 0x30, let value = Int(part)
            else { return false }
            return value <= 255
        }
    }

    /// Longest token URL a seed file may give (a common server limit): minted URLs are under 200 bytes. A qr-code token
    /// has the lower limit of what a QR code holds (`GeneratedFields.qrCode`).
    package static let maxTokenURLBytes = 8192

    /// A token URL a seed file gives: `http://` or `https://`, a host, then only visible ASCII (no space, no control
    /// character such as NUL, which the file builders cannot write), at most `maxTokenURLBytes`.
    package static func isTokenURL(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count <= maxTokenURLBytes, bytes.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return false }
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        return !(rest.first == "/" || rest.isEmpty)
    }

    /// Why a `cloned_web` value fails, or `nil` when it is a domain of two or more labels.
    package enum DomainProblem: Equatable {
        /// Not a domain name at all (scheme, path, bad characters, empty label).
        case invalid
        /// A valid name of a single label.
        case notEnoughLabels
    }

    /// Checks a `cloned_web` domain.
    package static func domainProblem(_ text: String) -> DomainProblem? {
        guard isHostName(text) else { return .invalid }
        return text.contains(".") ? nil : .notEnoughLabels
    }

    /// An S3 bucket name: 3–63 of `a-z0-9.-`, starting and ending with a letter or digit.
    package static func isS3Bucket(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            isLowerAlnum(first), isLowerAlnum(last)
        else { return false }
        return bytes.allSatisfy { isLowerAlnum($0) || $0 == 0x2E || $0 == 0x2D }
    }

    /// An AWS region such as `us-east-1`, `eu-central-2` or `us-gov-west-1`: lowercase words joined by hyphens,
    /// ending in a number.
    package static func isAWSRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.last, !number.isEmpty,
            number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return false }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
        }
    }

    /// An IAM user name: 1–64 of `A-Za-z0-9+=,.@_-`.
    package static func isAWSUsername(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            isAlnum(byte) || [0x2B, 0x3D, 0x2C, 0x2E, 0x40, 0x5F, 0x2D].contains(byte)
        }
    }

    /// A Windows program file name such as `klist.exe`: letters, digits, `.`, `_`, `-`, ending in `.exe`.
    package static func isProcessName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (5...255).contains(bytes.count), text.lowercased().hasSuffix(".exe") else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// A plain file name: 1–100 of letters, digits, `.`, `_`, `-`, not starting with `.`.
    package static func isFileName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...100).contains(bytes.count), bytes[0] != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// `true`/`false` in any case, or `1`/`0`.
    package static func parseBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// The image type by magic bytes: PNG, GIF or JPEG, else `nil`.
    package static func imageType(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        return nil
    }

    private static func isLabel(_ label: Substring) -> Bool {
        let bytes = label.utf8
        guard (1...63).contains(bytes.count), let first = bytes.first, let last = bytes.last,
            first != 0x2D, last != 0x2D
        else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == 0x2D }
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
    }
}
