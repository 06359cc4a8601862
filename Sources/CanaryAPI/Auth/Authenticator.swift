import MiniHTTP

/// Checks the Console API key: the `auth_token` parameter decides when present, else the `X-Canary-Auth-Token`
/// header (docs/api.md §1). Factory auth strings are a separate credential and never pass here.
package struct Authenticator: Sendable {
    private let tokens: [[UInt8]]

    /// Makes an authenticator accepting any of `tokens`.
    package init(tokens: [String]) {
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// Passes or throws the Console's message for the way the key was sent.
    package func check(_ request: HTTPRequest, _ parameters: HTTPParameters) throws(APIError) {
        if let given = parameters["auth_token"] {
            guard accepts(given) else { throw .invalidAuthToken }
            return
        }
        if let header = request.headers["X-Canary-Auth-Token"] {
            guard accepts(header) else { throw .unauthorized }
            return
        }
        throw .invalidAuthToken
    }

    /// Whether `candidate` is one of the tokens, compared without early exit so timing does not reveal a prefix.
    package func accepts(_ candidate: String) -> Bool {
        let given = Array(candidate.utf8)
        var matched = false
        for token in tokens {
            matched = Authenticator.constantTimeEquals(token, given) || matched
        }
        return matched
    }

    /// Compares every byte of the longer input whatever the lengths, so the time depends on lengths only.
    package static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }

    /// The header that carries the admin token to `/_mock/` endpoints.
    package static let adminHeader = "X-Mock-Admin-Token"

    /// With an admin token configured, the request must carry it in `X-Mock-Admin-Token`; otherwise anything goes.
    package static func checkAdmin(_ request: HTTPRequest, _ adminToken: String?) throws(APIError) {
        guard let adminToken else { return }
        guard let given = request.headers[adminHeader],
            constantTimeEquals(Array(adminToken.utf8), Array(given.utf8))
        else { throw .invalidAdminToken }
    }
}
