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
    package static func bind(host: String, port: Int) throws(DNSSocketError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw DNSSocketError("resolve", code: 0, detail: "\(host): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var lastError = DNSSocketError("bind", code: 0, detail: "\(host):\(port)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = DNSSocketError("socket", code: errno)
                continue
            }
            guard Glibc.bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                lastError = DNSSocketError("bind", code: errno, detail: "\(host):\(port)")
                close(fd)
                continue
            }
            return (fd, localPort(fd) ?? port)
        }
        throw lastError
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

    /// The local port a socket is bound to.
    package static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        return ok ? peer(storage).port : nil
    }

    /// The numeric address and port in a socket address (`unknown` and port 0 for another family).
    package static func peer(_ storage: sockaddr_storage) -> DNSPeer {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let found: (converted: Bool, port: Int) = withUnsafePointer(to: &copy) { pointer in
            switch Int32(storage.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var inAddr = address.pointee.sin_addr
                    let converted = inet_ntop(AF_INET, &inAddr, &text, socklen_t(text.count)) != nil
                    return (converted, Int(UInt16(bigEndian: address.pointee.sin_port)))
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var inAddr = address.pointee.sin6_addr
                    let converted = inet_ntop(AF_INET6, &inAddr, &text, socklen_t(text.count)) != nil
                    return (converted, Int(UInt16(bigEndian: address.pointee.sin6_port)))
                }
            default:
                return (false, 0)
            }
        }
        guard found.converted else { return DNSPeer(address: "unknown", port: 0) }
        return DNSPeer(address: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                       port: found.port)
    }
}
