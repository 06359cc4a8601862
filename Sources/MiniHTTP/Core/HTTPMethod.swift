/// A request method token (RFC 9110 §9). Any token parses; the router decides what is served.
package struct HTTPMethod: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The method as sent, case-sensitive (RFC 9110 §9.1).
    package let rawValue: String

    /// Makes a method from its token.
    package init(rawValue: String) { self.rawValue = rawValue }
    /// Makes a method from a literal such as `"GET"`.
    package init(stringLiteral value: String) { self.rawValue = value }

    /// The token itself.
    package var description: String { rawValue }

    /// Orders methods by token, for stable `Allow` headers.
    package static func < (lhs: HTTPMethod, rhs: HTTPMethod) -> Bool { lhs.rawValue < rhs.rawValue }

    /// GET.
    package static let get: HTTPMethod = "GET"
    /// HEAD.
    package static let head: HTTPMethod = "HEAD"
    /// POST.
    package static let post: HTTPMethod = "POST"
    /// PUT.
    package static let put: HTTPMethod = "PUT"
    /// DELETE.
    package static let delete: HTTPMethod = "DELETE"
    /// PATCH.
    package static let patch: HTTPMethod = "PATCH"
    /// OPTIONS.
    package static let options: HTTPMethod = "OPTIONS"
}

/// The protocol version of a request: HTTP/1.0 or HTTP/1.1 (others are refused with 505).
package struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major digit.
    package let major: Int
    /// The minor digit.
    package let minor: Int

    /// Makes a version from its digits.
    package init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// `HTTP/1.1`.
    package var description: String { "HTTP/\(major).\(minor)" }

    /// HTTP/1.0.
    package static let http10 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    package static let http11 = HTTPVersion(major: 1, minor: 1)
}
