import Basics

/// wireguard: `wg0.conf`, a WireGuard client configuration whose handshake reaches the token server.
///
/// Same layout as the OSS `wireguard.clientConfig` (two-space indented keys, fixed addresses, endpoint port 51820,
/// a non-zero `PersistentKeepalive` so the client starts a handshake without traffic). The file is named `wg0.conf`
/// (as Thinkst's droppers save it) because `wg-quick` takes the interface name from the file name and Linux caps
/// interface names at 15 bytes, which `<token>.conf` would exceed.
package struct WireGuardBuilder: TokenFileBuilder {
    /// The UDP port the OSS server listens on (`DEFAULT_PORT`).
    package static let port = 51820

    /// Makes a builder.
    package init() {}

    /// The config file for that token: `config(input)` and a final newline.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        let text = try WireGuardBuilder.config(input)
        return TokenDownload(name: "wg0.conf", contentType: "text/plain", bytes: Array((text + "\n").utf8))
    }

    /// The client configuration text, also shown as the token's `renders.wg_conf` (no final newline, as the OSS).
    /// The endpoint is the token domain, the server every token of this mock shares.
    /// - Throws: `.missingField` when a field the kind generates at create (CanaryAPI's `WireGuardKeys`) is not
    ///   stored.
    package static func config(_ input: TokenFileInput) throws(TokenFileError) -> String {
        guard let privateKey = input.fields["wg_private_key"] else { throw .missingField("wg_private_key") }
        guard let serverKey = input.fields["wg_server_public_key"] else { throw .missingField("wg_server_public_key") }
        guard let keepalive = input.fields["wg_persistent_keepalive"] else {
            throw .missingField("wg_persistent_keepalive")
        }
        return """
            [Interface]
              PrivateKey = \(privateKey)
              Address = 192.168.123.107/32

            [Peer]
              PublicKey = \(serverKey)
              AllowedIPs = 192.168.1.0/24
              Endpoint = \(input.domain):\(port)
              PersistentKeepalive = \(keepalive)
            """
    }
}
