import Basics
import Glibc

/// The few UDP socket calls the responder makes, errno-checked. The descriptor belongs to one `DNSResponder`, which
/// closes it exactly once.
package enum UDPSocket {
    /// What one receive gave.
    package enum Received {
        /// A datagram of this many bytes (at most the buffer's size; the rest of a longer one is discarded), and the
        /// sender's address as the kernel gave it (kept whole for the answer: an IPv6 scope id survives).
        case datagram(Int, from: sockaddr_storage, length: socklen_t)
        /// Nothing is waiting.
        case empty
        /// The call failed with this `errno`.
        case failed(Int32)
    }

    /// Opens a UDP socket bound to `host:port` (port 0: the system picks; host an IPv4 or IPv6 literal or a name)
    /// and returns it with the bound port.
    package static func bind(host: String, port: Int) throws(SocketError) -> (fd: Int32, port: Int) {
        try SocketAddress.bound(host: host, port: port, type: Int32(SOCK_DGRAM.rawValue))
    }

    /// Waits up to `timeout` seconds for a datagram; true when one is waiting (or the socket has an error to
    /// report), false on timeout or interruption.
    package static func wait(_ fd: Int32, timeout: Double) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(max(0, timeout) * 1000)) > 0
    }

    /// Takes one waiting datagram into `buffer` without blocking.
    package static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Received {
        guard let base = buffer.baseAddress else { return .failed(EINVAL) }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(fd, base, buffer.count, Int32(MSG_DONTWAIT), $0, &length)
            }
        }
        if count < 0 {
            let code = errno
            return code == EAGAIN || code == EWOULDBLOCK || code == EINTR ? .empty : .failed(code)
        }
        return .datagram(min(count, buffer.count), from: storage, length: length)
    }

    /// Sends one datagram to `address` without blocking: a full socket buffer drops the answer, as a network would,
    /// instead of stalling every other client.
    package static func send(_ fd: Int32, _ bytes: [UInt8], to address: sockaddr_storage, length: socklen_t) -> Bool {
        var address = address
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL), $0, length)
                }
            }
        }
        return sent == bytes.count
    }

    /// The numeric address and port in a socket address (`unknown` and port 0 for another family).
    package static func peer(_ storage: sockaddr_storage) -> DNSPeer {
        DNSPeer(address: SocketAddress.address(of: storage), port: SocketAddress.port(of: storage) ?? 0)
    }
}
