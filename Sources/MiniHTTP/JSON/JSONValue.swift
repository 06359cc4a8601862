/// A JSON value as the writer prints it and the reader parses it.
package enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer, printed without a fraction.
    case int(Int)
    /// A floating-point number, printed as Python's `repr(float)`.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; printed with keys sorted by code point.
    case object([String: JSONValue])
}
