import Basics
import TokenFiles

/// wireguard's secrets, made once at create: the fields `WireGuardBuilder` reads.
package enum WireGuardKeys {
    /// `wg_private_key` (a clamped X25519 private key), `wg_server_public_key` and `wg_persistent_keepalive`
    /// (30 × 1…10 seconds, as the open-source server picks it).
    ///
    /// The server key is 32 random bytes with the top bit clear (a well-formed Curve25519 u-coordinate encoding), not
    /// the public half of a key the mock holds: the mock runs no WireGuard listener, so nothing needs its private half,
    /// and computing a real public key would need an X25519 implementation the project does not carry.
    package static func make() -> [String: String] {
        var privateKey = RandomBytes.make(32)
        // RFC 7748 §5 (https://www.rfc-editor.org/rfc/rfc7748#section-5): clear the 3 low bits, clear bit 255, set
        // bit 254.
        privateKey[0] &= 248
        privateKey[31] = privateKey[31] & 127 | 64
        var serverKey = RandomBytes.make(32)
        serverKey[31] &= 127
        return [
            "wg_private_key": Base64.encode(privateKey),
            "wg_server_public_key": Base64.encode(serverKey),
            "wg_persistent_keepalive": String(30 * SecureRandom.int(in: 1...10)),
        ]
    }
}
