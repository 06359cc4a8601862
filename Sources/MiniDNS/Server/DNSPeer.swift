/// Where a datagram came from.
package struct DNSPeer: Sendable, Equatable {
    /// The numeric address, such as `127.0.0.1` or `::1`.
    package var address: String
    /// The UDP port.
    package var port: Int

    /// Makes a peer.
    package init(address: String, port: Int) {
        self.address = address
        self.port = port
    }
}
