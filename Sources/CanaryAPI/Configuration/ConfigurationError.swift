/// A configuration problem: one line naming where (flag, variable, file and key) and what is wrong.
/// The executable prints it and exits with status 2.
package struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The whole one-line message.
    package let message: String

    /// Makes an error with a complete message.
    package init(_ message: String) { self.message = message }

    /// The one-line message.
    package var description: String { message }
}
