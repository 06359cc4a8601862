import Basics
import Glibc
import MiniHTTP
import TestSupport

/// A server on 127.0.0.1 port 0 with a few test routes, stopped by `stop()`.
struct LiveServer {
    let server: HTTPServer
    var port: Int { server.port }

    /// Routes: `GET /fixed` → `{"result": "success"}`; `POST /echo` → the body back with the path and method;
    /// `GET /slow?ms=N` → waits N ms first; `GET /path-echo` and every `/n/<k>` → the target back.
    /// `GET /big?bytes=N` answers N bytes of `x`.
    /// `maxConnectionsPerPeer` defaults to `maxConnections`: every test client comes from 127.0.0.1.
    static func start(
        limits: HTTPLimits = LiveServer.fastLimits, maxConnections: Int = 64, maxConnectionsPerPeer: Int? = nil,
        stopGrace: Double = 5
    ) throws -> LiveServer {
        var router = Router(errorRenderer: EnvelopeErrorRenderer())
        router.add(.get, "/fixed") { _ in .json(.object(["result": .string("success")])) }
        router.add([.post, .put], "/echo") { request in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]),
                         body: request.body)
        }
        router.add(.get, "/slow") { request in
            let ms = Int(request.query.split(separator: "=").last ?? "0") ?? 0
            usleep(UInt32(ms * 1000))
            return .json(.object(["slept": .int(ms)]))
        }
        router.add(.get, "/big") { request in
            let bytes = Int(request.query.split(separator: "=").last ?? "0") ?? 0
            return HTTPResponse(status: .ok, body: [UInt8](repeating: UInt8(ascii: "x"), count: bytes))
        }
        for index in 1...3 {
            router.add(.get, "/n/\(index)") { request in .json(.object(["target": .string(request.target)])) }
        }
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.limits = limits
        configuration.maxConnections = maxConnections
        configuration.maxConnectionsPerPeer = maxConnectionsPerPeer ?? maxConnections
        configuration.stopGrace = stopGrace
        let server = HTTPServer(configuration: configuration, responder: router, errorRenderer: EnvelopeErrorRenderer())
        try server.start()
        return LiveServer(server: server)
    }

    /// Short timeouts so tests about slow clients finish quickly.
    static var fastLimits: HTTPLimits {
        var limits = HTTPLimits()
        limits.headerDeadline = 1.0
        limits.readTimeout = 1.0
        limits.idleTimeout = 2.0
        limits.maxBodyBytes = 64 * 1024
        return limits
    }

    func stop() { server.stop() }

    /// A fresh client connected to this server, from `source` when given.
    func client(source: String? = nil, receiveBuffer: Int32? = nil) throws -> RawClient {
        try RawClient(port: port, source: source, receiveBuffer: receiveBuffer)
    }

    /// Asserts-by-returning: a plain GET /fixed on a new connection answers 200.
    func stillServes() throws -> Bool {
        let client = try client()
        let response = try client.exchange("GET /fixed HTTP/1.1\r\nHost: t\r\n\r\n")
        return response.status == 200 && response.text == "{\n  \"result\": \"success\"\n}\n"
    }

    /// Waits up to `timeout` seconds for the open connection count to reach `count`.
    func waitForConnections(_ count: Int, timeout: Double = 5) -> Bool {
        let deadline = Clock.now + timeout
        while Clock.now < deadline {
            if server.activeConnections == count { return true }
            usleep(10_000)
        }
        return server.activeConnections == count
    }
}

/// How many of this process's open descriptors are TCP sockets whose local port is `port`: the server's listener
/// and its accepted connections. Exact even while other tests open descriptors in parallel.
func serverSocketCount(port: Int) -> Int {
    var inodes: Set<String> = []
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        guard let text = readWholeFile(table) else { continue }
        for line in text.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: " ")
            guard columns.count > 9, let colon = columns[1].lastIndex(of: ":"),
                  Int(columns[1][columns[1].index(after: colon)...], radix: 16) == port else { continue }
            inodes.insert(String(columns[9]))
        }
    }
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        var target = [CChar](repeating: 0, count: 256)
        let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard length > 0 else { continue }
        let link = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if link.hasPrefix("socket:["), inodes.contains(String(link.dropFirst(8).dropLast())) { count += 1 }
    }
    return count
}

private func readWholeFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}
