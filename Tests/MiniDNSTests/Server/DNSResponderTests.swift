import Basics
import Glibc
import MiniDNS
import Testing

/// The responder on 127.0.0.1 port 0, spoken to over real UDP sockets.
@Suite("DNS responder, live")
struct DNSResponderTests {
    /// A client socket on 127.0.0.1 with a receive timeout.
    final class Client {
        let fd: Int32
        let port: Int

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            try #require(fd >= 0)
            var time = timeval(tv_sec: 2, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            self.port = port
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            _ = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }

        /// The next datagram, or nil after the timeout.
        func receive(timeout: Double = 2) -> [UInt8]? {
            var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count >= 0 ? Array(buffer.prefix(count)) : nil
        }

        /// The local port this client sends from.
        var localPort: Int {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    /// Answers A for names under `example.test` with 192.0.2.7, no data for other types, REFUSED elsewhere, and
    /// remembers every peer it saw.
    static func start(seen: PThreadLock<[DNSPeer]> = PThreadLock([])) throws -> DNSResponder {
        var configuration = DNSResponder.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let zone = DNSName("example.test")
        let responder = DNSResponder(configuration: configuration) { query, peer in
            seen.withLock { $0.append(peer) }
            guard let zone, query.question.name.hasSuffix(zone) else { return .refused }
            guard query.question.type == DNSQuestion.typeA, let ip = DNSAnswer.IPv4("192.0.2.7") else { return .noData }
            return .address(ip, ttl: 10)
        }
        try responder.start()
        return responder
    }

    static func query(_ name: String, type: UInt16 = 1, id: UInt16 = 0x4242) -> [UInt8] {
        guard let name = DNSName(name) else { return [] }
        return DNSQuery(header: DNSHeader(id: id, flags: 0x0100, questionCount: 1),
                        question: DNSQuestion(name: name, type: type)).encoded()
    }

    @Test("Answers an A query on a port it picked, with the peer's address and port given to the handler")
    func roundTrip() throws {
        let seen = PThreadLock<[DNSPeer]>([])
        let responder = try Self.start(seen: seen)
        defer { responder.stop() }
        #expect(responder.port > 0)
        let client = try Client(port: responder.port)
        client.send(Self.query("Tok.Example.Test"))
        let reply = try #require(client.receive())
        let query = try DNSQuery.parse(Self.query("Tok.Example.Test"))
        #expect(reply == DNSReply.answer(query, .address(try #require(DNSAnswer.IPv4("192.0.2.7")), ttl: 10)))
        #expect(seen.withLock { $0 } == [DNSPeer(address: "127.0.0.1", port: client.localPort)])
    }

    @Test("Answers REFUSED, no data, FORMERR and NOTIMP, and drops responses and short datagrams")
    func decisions() throws {
        let responder = try Self.start()
        defer { responder.stop() }
        let client = try Client(port: responder.port)
        client.send(Self.query("example.org"))
        #expect(try #require(client.receive())[3] == 0x05)
        client.send(Self.query("a.example.test", type: 28))
        let noData = try #require(client.receive())
        #expect(noData[3] == 0x00 && noData[7] == 0)
        client.send([0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0])
        #expect(try #require(client.receive()) == [0x12, 0x34, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0])
        client.send([0x12, 0x34, 0x28, 0x00, 0, 1, 0, 0, 0, 0, 0, 0])
        #expect(try #require(client.receive()) == [0x12, 0x34, 0xA8, 0x04, 0, 0, 0, 0, 0, 0, 0, 0])
        client.send([0x12, 0x34, 0x81])
        var response = Self.query("a.example.test")
        response[2] |= 0x80
        client.send(response)
        #expect(client.receive(timeout: 0.3) == nil)
        // Still answering after what it dropped.
        client.send(Self.query("b.example.test", id: 7))
        #expect(try #require(client.receive())[0...1] == [0, 7])
    }

    @Test("Keeps answering after a flood of hostile datagrams")
    func flood() throws {
        let responder = try Self.start()
        defer { responder.stop() }
        let hostile = try Client(port: responder.port)
        let loop: [UInt8] = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1]
        var random = SplitRandom(seed: 42)
        for index in 0..<3000 {
            switch index % 4 {
            case 0: hostile.send(loop)
            case 1: hostile.send((0..<random.next(below: 600)).map { _ in UInt8(random.next(below: 256)) })
            case 2: hostile.send([UInt8](repeating: 0xC0, count: 4000))
            default: hostile.send(Self.query(String(repeating: "a.", count: 120) + "example.test"))
            }
        }
        let client = try Client(port: responder.port)
        var answered = false
        for attempt in 0..<20 where !answered {
            client.send(Self.query("ok.example.test", id: UInt16(attempt)))
            while let reply = client.receive(timeout: 0.5) {
                if reply[0...1] == [0, UInt8(attempt)] && reply[3] == 0 && reply[7] == 1 { answered = true; break }
            }
        }
        #expect(answered)
    }

    @Test("Stops promptly, twice, and frees the port")
    func stop() throws {
        let responder = try Self.start()
        let port = responder.port
        let started = Clock.now
        responder.stop()
        responder.stop()
        #expect(Clock.now - started < 1)
        var configuration = DNSResponder.Configuration()
        configuration.port = port
        let again = DNSResponder(configuration: configuration) { _, _ in .refused }
        #expect(try again.start() == port)
        again.stop()
    }

    @Test("Reports a port it cannot bind")
    func bindFailure() throws {
        let first = try Self.start()
        defer { first.stop() }
        var configuration = DNSResponder.Configuration()
        configuration.port = first.port
        let second = DNSResponder(configuration: configuration) { _, _ in .refused }
        #expect(throws: SocketError("bind", code: EADDRINUSE, detail: "127.0.0.1:\(first.port)")) { try second.start() }
        second.stop()
    }

    @Test("Answers on IPv6 loopback")
    func ipv6() throws {
        var configuration = DNSResponder.Configuration()
        configuration.host = "::1"
        let responder = DNSResponder(configuration: configuration) { _, peer in
            peer.address == "::1" ? .noData : .refused
        }
        do {
            try responder.start()
        } catch {
            // No IPv6 on this machine: nothing to test.
            return
        }
        defer { responder.stop() }
        let fd = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var time = timeval(tv_sec: 2, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = UInt16(responder.port).bigEndian
        address.sin6_addr = in6addr_loopback
        let bytes = Self.query("x.example.test")
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = recv(fd, &buffer, buffer.count, 0)
        try #require(count >= 12)
        #expect(buffer[3] == 0x00)
    }
}

/// A small deterministic generator (SplitMix64) for the flood's bytes.
struct SplitRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}
