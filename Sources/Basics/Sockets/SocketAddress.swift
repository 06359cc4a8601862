import Glibc

/// Binding a socket to a host and port, and reading socket addresses back as text: what the HTTP server (TCP) and
/// the DNS responder (UDP) share.
package enum SocketAddress {
    /// Opens a socket of `type` (`SOCK_STREAM`, `SOCK_DGRAM`) bound to `host:port` (port 0: the system picks; host an
    /// IPv4 or IPv6 literal or a name), trying each address the host resolves to. With `listenBacklog` the socket is
    /// a TCP listener (`SO_REUSEADDR`, then `listen`).
    /// - Returns: the descriptor and the bound port.
    package static func bound(
        host: String, port: Int, type: Int32, listenBacklog: Int32? = nil
    ) throws(SocketError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = type
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw SocketError("resolve", code: 0, detail: "\(host): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var lastError = SocketError("bind", code: 0, detail: "\(host):\(port)")
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = SocketError("socket", code: errno)
                continue
            }
            if listenBacklog != nil {
                var one: Int32 = 1
                _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                lastError = SocketError("bind", code: errno, detail: "\(host):\(port)")
                close(fd)
                continue
            }
            if let backlog = listenBacklog, listen(fd, backlog) != 0 {
                lastError = SocketError("listen", code: errno, detail: "\(host):\(port)")
                close(fd)
                continue
            }
            return (fd, localPort(fd) ?? port)
        }
        throw lastError
    }

    /// The local port a socket is bound to.
    package static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        return port(of: storage)
    }

    /// The numeric address and port of a peer, such as `127.0.0.1:51234` or `[::1]:51234`.
    package static func describe(_ storage: sockaddr_storage) -> String {
        let host = address(of: storage)
        guard host != "unknown" else { return host }
        let portText = port(of: storage).map(String.init) ?? "?"
        return Int32(storage.ss_family) == AF_INET6 ? "[\(host)]:\(portText)" : "\(host):\(portText)"
    }

    /// The numeric address without its port, such as `127.0.0.1` or `::1`; `unknown` for another family.
    package static func address(of storage: sockaddr_storage) -> String {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let converted: UnsafePointer<CChar>? = withUnsafePointer(to: &copy) { pointer in
            if family == AF_INET {
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var inAddr = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &inAddr, &text, socklen_t(text.count))
                }
            } else if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var inAddr = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &inAddr, &text, socklen_t(text.count))
                }
            }
            return nil
        }
        guard converted != nil else { return "unknown" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The port of an IPv4 or IPv6 address; nil for another family.
    package static func port(of storage: sockaddr_storage) -> Int? {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer -> Int? in
            switch Int32(storage.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default:
                nil
            }
        }
    }
}
