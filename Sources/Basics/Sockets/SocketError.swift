import Glibc

/// A failed socket call, with the call's name and `errno`.
package struct SocketError: Error, Equatable, CustomStringConvertible {
    /// The system call or step that failed (`"bind"`).
    package let operation: String
    /// The `errno` value, or 0 when the failure was not a system call's.
    package let code: Int32
    /// Extra context, such as the address.
    package let detail: String

    /// Makes an error for a failed call, reading nothing from `errno` itself.
    package init(_ operation: String, code: Int32, detail: String = "") {
        self.operation = operation
        self.code = code
        self.detail = detail
    }

    /// `"bind 127.0.0.1:8080: Address already in use"`.
    package var description: String {
        var text = operation
        if !detail.isEmpty { text += " \(detail)" }
        if code != 0, let message = strerror(code) { text += ": " + String(cString: message) }
        return text
    }
}
