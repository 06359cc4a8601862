import CanaryStore
import MiniHTTP

/// What the server adds to a kind's token beyond the request's parameters: fields made once at create and stored
/// (AWS keys, WireGuard keys, the QR code), and fields computed each time the token is shown (`renders`).
package struct GeneratedFields: Sendable {
    /// What a generator knows when the token is made.
    package struct Minting: Sendable {
        /// The new token's id.
        package let canarytoken: String
        /// Its URL.
        package let url: String
        /// Its host name.
        package let hostname: String
        /// Its creation time, microseconds since 1970.
        package let createdMicros: Int64
        /// The fields taken from the request's parameters.
        package let given: [String: String]

        /// Makes the minting facts.
        package init(canarytoken: String, url: String, hostname: String, createdMicros: Int64, given: [String: String]) {
            self.canarytoken = canarytoken
            self.url = url
            self.hostname = hostname
            self.createdMicros = createdMicros
            self.given = given
        }
    }

    /// Fields stored with the token at create; a field the request already gave is kept.
    package let stored: @Sendable (Minting) -> [String: String]
    /// Fields added to the token object when it is shown.
    package let shown: @Sendable (TokenRecord) -> [String: JSONValue]
    /// Why `stored` cannot make its fields for this token (e.g. a URL longer than a QR code holds), or nil. A minted
    /// URL always passes; a seed file's own URL may not, and its download would then fail.
    package let refusal: @Sendable (Minting) -> String?

    /// Makes a generator.
    package init(
        stored: @escaping @Sendable (Minting) -> [String: String] = { _ in [:] },
        shown: @escaping @Sendable (TokenRecord) -> [String: JSONValue] = { _ in [:] },
        refusal: @escaping @Sendable (Minting) -> String? = { _ in nil }
    ) {
        self.stored = stored
        self.shown = shown
        self.refusal = refusal
    }

    /// Nothing beyond the common fields.
    package static let nothing = GeneratedFields()
}
