import Basics
import Glibc

/// Thin, errno-checked wrappers of the POSIX socket calls the server uses. Descriptors are plain `Int32`s owned
/// by exactly one thread or registry entry, which closes them exactly once.
package enum Socket {
    /// What one read gave.
    package enum ReadResult: Equatable {
        /// This many bytes were read into the buffer.
        case bytes(Int)
        /// The peer closed its side, or our read side was shut down.
        case closed
        /// Nothing arrived within the timeout.
        case timeout
        /// The read failed with this `errno`.
        case failed(Int32)
    }

    /// Opens a listening TCP socket on `host:port` (port 0: the system picks) and returns it with the bound port.
    package static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> (fd: Int32, port: Int) {
        try SocketAddress.bound(host: host, port: port, type: Int32(SOCK_STREAM.rawValue), listenBacklog: backlog)
    }

    /// Accepts one connection: its descriptor and peer address, or the `errno` of the failure.
    package static func accept(_ listener: Int32) -> Result<(fd: Int32, peer: sockaddr_storage), SocketError> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.accept(listener, $0, &length)
            }
        }
        guard fd >= 0 else { return .failure(SocketError("accept", code: errno)) }
        // accept4 is not visible from Swift's Glibc module; set close-on-exec right after (no fork happens here).
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return .success((fd, storage))
    }

    /// Options for an accepted connection: no Nagle delay (small responses go out at once) and a send timeout so a
    /// client that stops reading cannot block its thread forever.
    package static func configureConnection(_ fd: Int32, writeTimeout: Double) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var time = timeval(seconds: writeTimeout)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Waits up to `timeout` seconds for bytes, then reads what is there into `buffer`.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, timeout: Double) -> ReadResult {
        guard let base = buffer.baseAddress else { return .failed(EINVAL) }
        let deadline = Clock.now + max(0, timeout)
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = deadline - Clock.now
            guard remaining > 0 else { return .timeout }
            let milliseconds = Int32(min(remaining * 1000 + 1, Double(Int32.max)))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if ready == 0 { continue }
            let count = recv(fd, base, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            let code = errno
            if code == EINTR || code == EAGAIN || code == EWOULDBLOCK { continue }
            return code == ECONNRESET ? .closed : .failed(code)
        }
    }

    /// Reads what is there into `buffer`, blocking in `recv` itself with the socket's receive timeout set to
    /// `timeout` (rounded up to a millisecond). `timeoutInForce` remembers what the socket has, so the steady state of
    /// a keep-alive connection (same idle timeout every time) costs one system call per read, not poll plus recv.
    package static func receive(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, timeout: Double, timeoutInForce: inout Double
    ) -> ReadResult {
        guard let base = buffer.baseAddress else { return .failed(EINVAL) }
        let deadline = Clock.now + max(0, timeout)
        while true {
            let remaining = deadline - Clock.now
            guard remaining > 0 else { return .timeout }
            // Whole milliseconds, so a deadline that shrinks by microseconds does not reset the option every read.
            let wanted = (remaining * 1000).rounded(.up) / 1000
            if wanted != timeoutInForce {
                var time = timeval(seconds: wanted)
                guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
                    return .failed(errno)
                }
                timeoutInForce = wanted
            }
            let count = recv(fd, base, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                // SO_RCVTIMEO passed; loop once more only if the deadline is still ahead (rounding).
                if deadline - Clock.now > 0.001 { continue }
                return .timeout
            }
            return code == ECONNRESET ? .closed : .failed(code)
        }
    }

    /// Writes every byte, or fails (peer gone, or the send timeout passed). Never raises SIGPIPE.
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            guard var pointer = buffer.baseAddress else { return true }
            var left = buffer.count
            while left > 0 {
                let written = send(fd, pointer, left, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                pointer += written
                left -= written
            }
            return true
        }
    }

    /// How fast a transfer must progress: a grace, then a minimum average rate. `deadline(after:)` is how many
    /// seconds after the start more than that many bytes must have moved.
    package struct Pace: Sendable, Equatable {
        /// Seconds before the minimum rate applies.
        package var grace: Double
        /// Slowest average rate, in bytes per second, once the grace has passed.
        package var minBytesPerSecond: Int

        /// Makes a pace.
        package init(grace: Double, minBytesPerSecond: Int) {
            self.grace = grace
            self.minBytesPerSecond = minBytesPerSecond
        }

        /// Seconds after the start by which more than `bytes` bytes must have moved.
        package func deadline(after bytes: Int) -> Double {
            grace + Double(bytes) / Double(max(1, minBytesPerSecond))
        }
    }

    /// How a paced write ended.
    package enum WriteResult: Equatable {
        /// Every byte was handed to the kernel.
        case written
        /// The client read slower than the pace allows, or took nothing for `stallTimeout` seconds.
        case tooSlow
        /// The send failed with this `errno` (peer gone, or the connection was shut down).
        case failed(Int32)
    }

    /// Writes `head` then `body` by gather writes (`sendmsg` with two parts: the body is never copied into a
    /// combined buffer), waiting with `poll` while the socket is full and giving up as soon as the client falls
    /// behind `pace` or takes nothing for `stallTimeout` seconds. A response that fits the socket buffer costs one
    /// system call.
    ///
    /// Progress is what the client has taken: bytes handed to the kernel minus those still queued in the socket
    /// (`SIOCOUTQ`, https://man7.org/linux/man-pages/man7/tcp.7.html and unix.7.html). Counting what was handed
    /// over would credit a client that reads nothing with the whole socket buffer (megabytes on loopback), minutes
    /// at the minimum rate.
    package static func write(
        _ fd: Int32, head: [UInt8], body: [UInt8], pace: Pace, stallTimeout: Double
    ) -> WriteResult {
        let total = head.count + body.count
        let started = Clock.now
        var sent = 0
        var delivered = 0
        var lastProgress = started
        return head.withUnsafeBytes { headBytes in
            body.withUnsafeBytes { bodyBytes in
                while sent < total {
                    let count = sendGather(fd, headBytes, bodyBytes, from: sent)
                    if count >= 0 {
                        sent += count
                        continue
                    }
                    let code = errno
                    if code == EINTR { continue }
                    guard code == EAGAIN || code == EWOULDBLOCK else { return .failed(code) }
                    // The socket is full: has the client kept up?
                    let now = Clock.now
                    let taken = max(0, sent - queuedBytes(fd))
                    if taken > delivered {
                        delivered = taken
                        lastProgress = now
                    }
                    let deadline = min(lastProgress + stallTimeout, started + pace.deadline(after: delivered))
                    guard deadline > now else { return .tooSlow }
                    var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    // Wake at least every second to count what the client took meanwhile.
                    if poll(&descriptor, 1, Int32(min(deadline - now, 1) * 1000 + 1)) < 0, errno != EINTR {
                        return .failed(errno)
                    }
                }
                return .written
            }
        }
    }

    /// Bytes written to the socket that the peer has not taken yet (0 when the kernel cannot say).
    private static func queuedBytes(_ fd: Int32) -> Int {
        var queued: Int32 = 0
        guard ioctl(fd, UInt(TIOCOUTQ), &queued) == 0 else { return 0 }
        return Int(queued)
    }

    /// One non-blocking `sendmsg` of what is left of `first` and `second` after `offset` bytes; -1 with `errno` set
    /// when it fails (EAGAIN: the socket is full).
    private static func sendGather(
        _ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, from offset: Int
    ) -> Int {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { vectors in
            var used = 0
            if offset < first.count, let base = first.baseAddress {
                vectors[used] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + offset),
                                      iov_len: first.count - offset)
                used += 1
            }
            let intoSecond = max(0, offset - first.count)
            if intoSecond < second.count, let base = second.baseAddress {
                vectors[used] = iovec(iov_base: UnsafeMutableRawPointer(mutating: base + intoSecond),
                                      iov_len: second.count - intoSecond)
                used += 1
            }
            guard used > 0 else { return 0 }
            var message = msghdr()
            message.msg_iov = vectors.baseAddress
            message.msg_iovlen = used
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
    }

    /// Makes the coming `close()` reset the connection (`SO_LINGER` of 0) instead of delivering what is still
    /// queued: for a client dropped for reading too slowly, whose queued bytes would otherwise hold kernel memory
    /// and keep it reading for minutes before it learns the response was cut.
    package static func resetOnClose(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    /// Closes after an error response without losing it to a TCP reset: stop sending, then read and discard what
    /// the client is still sending for a short while (the "lingering close" of RFC 9112 §9.6), then close.
    package static func lingeringClose(_ fd: Int32, seconds: Double = 1, maxBytes: Int = 1 << 20) {
        _ = shutdown(fd, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var drained = 0
        let deadline = Clock.now + seconds
        scratch.withUnsafeMutableBytes { buffer in
            while drained < maxBytes {
                let left = deadline - Clock.now
                guard left > 0, case .bytes(let count) = read(fd, into: buffer, timeout: left) else { break }
                drained += count
            }
        }
        close(fd)
    }
}

extension timeval {
    /// A `timeval` of that many seconds.
    init(seconds: Double) {
        let whole = max(0, seconds.rounded(.down))
        self.init(tv_sec: Int(whole), tv_usec: Int((max(0, seconds) - whole) * 1_000_000))
    }
}
