import Basics
import Glibc
import MiniHTTP
import Testing

/// `Socket.write` over a Unix socket pair: the head and the body arrive exactly, in order, whatever the split of
/// the gather writes; a reader under the pace is dropped, one over it is served; `ResponseWriter.head` never holds
/// the body.
@Suite("Paced gather writes")
struct PacedWriteTests {
    /// A connected pair: `[0]` is written by the code under test, `[1]` is read by the test.
    static func pair(sendBuffer: Int32? = nil) -> (writer: Int32, reader: Int32)? {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { return nil }
        if var size = sendBuffer {
            _ = setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return (fds[0], fds[1])
    }

    /// Reads from `fd` until end of file, `chunk` bytes at a time with `pause` seconds between reads.
    static func drain(_ fd: Int32, chunk: Int, pause: Double) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, chunk, 0) }
            if count <= 0 { return received }
            received.append(contentsOf: buffer[0..<count])
            if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
        }
    }

    /// Writes head and body on a thread while the test reads at the given pace; returns what was read and how the
    /// write ended.
    static func transfer(
        head: [UInt8], body: [UInt8], pace: Socket.Pace, chunk: Int, readPause: Double, sendBuffer: Int32? = nil,
        stallTimeout: Double = 10, readDelay: Double = 0
    ) -> (received: [UInt8], result: Socket.WriteResult?, seconds: Double)? {
        guard let (writer, reader) = pair(sendBuffer: sendBuffer) else { return nil }
        let outcome = ResultBox()
        guard let thread = Threads.start({
            let started = Clock.now
            let result = Socket.write(writer, head: head, body: body, pace: pace, stallTimeout: stallTimeout)
            outcome.set((result, Clock.now - started))
            _ = shutdown(writer, Int32(SHUT_RDWR))
        }) else { return nil }
        if readDelay > 0 { usleep(UInt32(readDelay * 1_000_000)) }
        let received = drain(reader, chunk: chunk, pause: readPause)
        Threads.join(thread)
        close(writer)
        close(reader)
        let written = outcome.get()
        return (received, written?.result, written?.seconds ?? -1)
    }

    @Test("Head and body arrive exactly, the head split over several sends by a small send buffer")
    func exactBytes() throws {
        let head = Array("HTTP/1.1 200 OK\r\nX-Long: \(String(repeating: "h", count: 20_000))\r\n\r\n".utf8)
        let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let pace = Socket.Pace(grace: 10, minBytesPerSecond: 1)
        let outcome = try #require(PacedWriteTests.transfer(
            head: head, body: body, pace: pace, chunk: 1000, readPause: 0, sendBuffer: 4096))
        #expect(outcome.result == .written)
        #expect(outcome.received == head + body)
    }

    @Test("A reader at 2.5 times the minimum rate gets the whole body; one at a sixth of it is cut off after the grace",
          arguments: [
        (64 * 1024, true), (4 * 1024, false),
    ])
    func minimumRate(_ chunk: Int, _ served: Bool) throws {
        // 1 MiB at 256 KiB/s after 0.3 s; the reader takes `chunk` bytes every 100 ms (640 or 40 KiB/s).
        let body = [UInt8](repeating: 0x61, count: 1 << 20)
        let pace = Socket.Pace(grace: 0.3, minBytesPerSecond: 256 * 1024)
        let outcome = try #require(PacedWriteTests.transfer(
            head: Array("HTTP/1.1 200 OK\r\n\r\n".utf8), body: body, pace: pace, chunk: chunk, readPause: 0.1))
        if served {
            #expect(outcome.result == .written)
            #expect(outcome.received.count == 19 + body.count)
            #expect(outcome.seconds > 1)
        } else {
            #expect(outcome.result == .tooSlow)
            #expect(outcome.received.count < body.count / 2)
            // Cut off soon after the grace: what the reader took, not what the socket buffer holds, is progress.
            #expect(outcome.seconds > 0.3)
            #expect(outcome.seconds < 1.5)
        }
    }

    @Test("A reader that takes nothing for the stall timeout is cut off, even within the grace", arguments: [0.5])
    func stall(_ stallTimeout: Double) throws {
        let pace = Socket.Pace(grace: 60, minBytesPerSecond: 1)
        let outcome = try #require(PacedWriteTests.transfer(
            head: [], body: [UInt8](repeating: 0x63, count: 4 << 20), pace: pace, chunk: 65536, readPause: 0,
            stallTimeout: stallTimeout, readDelay: 2))
        #expect(outcome.result == .tooSlow)
        #expect(outcome.seconds >= stallTimeout)
        #expect(outcome.seconds < stallTimeout + 1)
        #expect(outcome.received.count < 4 << 20)
    }

    @Test("The pace gives a deadline of grace plus bytes over rate")
    func paceDeadline() {
        let pace = Socket.Pace(grace: 10, minBytesPerSecond: 32 * 1024)
        #expect(pace.deadline(after: 0) == 10)
        #expect(pace.deadline(after: 32 * 1024) == 11)
        #expect(pace.deadline(after: 8 * 1024 * 1024) == 266)
    }

    @Test("The response head is the same few bytes whatever the body size: the body is never copied into it",
          arguments: [0, 1, 1 << 20])
    func headWithoutBody(_ size: Int) {
        let response = HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
            body: [UInt8](repeating: 0x62, count: size))
        let head = ResponseWriter.head(response, keepAlive: true)
        #expect(String(decoding: head, as: UTF8.self)
            == "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(size)\r\n\r\n")
        #expect(ResponseWriter.serialize(response, keepAlive: true, includeBody: true) == head + response.body)
    }

    @Test("Pace limits default to a 10 s grace and 32 KiB/s for request bodies and responses")
    func defaults() {
        #expect(HTTPLimits.default.bodyGrace == 10)
        #expect(HTTPLimits.default.minBodyBytesPerSecond == 32 * 1024)
        #expect(HTTPLimits.default.responseGrace == 10)
        #expect(HTTPLimits.default.minResponseBytesPerSecond == 32 * 1024)
    }
}

/// One value handed from a writer thread to the test, under the project's lock.
private final class ResultBox: Sendable {
    private let value = PThreadLock<(result: Socket.WriteResult, seconds: Double)?>(nil)

    func set(_ result: (result: Socket.WriteResult, seconds: Double)) {
        value.withLock { $0 = result }
    }

    func get() -> (result: Socket.WriteResult, seconds: Double)? {
        value.withLock { $0 }
    }
}
