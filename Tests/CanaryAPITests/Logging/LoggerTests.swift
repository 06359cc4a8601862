import CanaryAPI
import MiniHTTP
import Basics
import Testing

/// Collects what a logger writes.
final class Lines: Sendable {
    private let storage = PThreadLock<[String]>([])
    var all: [String] { storage.withLock { $0 } }
    func append(_ bytes: [UInt8]) { storage.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
}

@Suite("Logger: text and JSON lines, levels, nothing secret")
struct LoggerTests {
    private static let entry = HTTPServer.AccessLogEntry(
        method: .post, path: "/api/v1/canarytoken/create", status: 200, duration: 0.001234, bytes: 612,
        remoteAddress: "127.0.0.1:5555")

    @Test("A text request line has a UTC timestamp, the level, and the fields in order")
    func textRequest() throws {
        let lines = Lines()
        let logger = Logger(level: .info, format: .text, sink: lines.append)
        logger.request(LoggerTests.entry)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix(" INFO request method=POST path=/api/v1/canarytoken/create status=200 duration_ms=1.23 bytes=612 remote=127.0.0.1:5555\n"))
        let time = line.prefix(24)
        #expect(time.count == 24 && time.hasSuffix("Z") && time.dropFirst(10).first == "T", "\(time)")
        #expect(lines.all.count == 1)
    }

    @Test("A JSON line is one sorted object that parses, with time, level and message")
    func jsonLine() throws {
        let lines = Lines()
        let logger = Logger(level: .info, format: .json, sink: lines.append)
        logger.request(LoggerTests.entry)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n"))
        let object = try JSONReader.parse(Array(line.utf8))
        #expect(object["message"] == "request")
        #expect(object["level"] == "info")
        #expect(object["method"] == "POST")
        #expect(object["path"] == "/api/v1/canarytoken/create")
        #expect(object["status"] == 200)
        #expect(object["bytes"] == 612)
        #expect(object["duration_ms"] == 1.23)
        #expect(object["remote"] == "127.0.0.1:5555")
        #expect(object["time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(line.hasPrefix("{\"bytes\": 612, \"duration_ms\": 1.23, \"level\": \"info\", \"message\": \"request\", "))
    }

    @Test("Lines below the level are dropped", arguments: Logger.Level.allCases)
    func levels(_ configured: Logger.Level) {
        let lines = Lines()
        let logger = Logger(level: configured, format: .text, sink: lines.append)
        for level in Logger.Level.allCases { logger.log(level, "m") }
        logger.request(LoggerTests.entry)
        let expected = Logger.Level.allCases.filter { $0 >= configured }.count + (configured <= .info ? 1 : 0)
        #expect(lines.all.count == expected)
    }

    @Test("Text values with spaces, quotes or equals signs are quoted; others are bare")
    func textQuoting() {
        let lines = Lines()
        let logger = Logger(level: .debug, format: .text, sink: lines.append)
        logger.log(.warning, "x", [("a", "plain"), ("b", "two words"), ("c", "q\"uote"), ("d", "k=v"), ("e", "")])
        #expect(lines.all.first?.hasSuffix(#" WARNING x a=plain b="two words" c="q\"uote" d="k=v" e="""# + "\n") == true)
    }
}

@Suite("Logger: lifecycle lines and quiet paths")
struct LoggerLifecycleTests {
    @Test("Start and stop lines are written even at the error level")
    func lifecycleAtEveryLevel() {
        let lines = Lines()
        Logger(level: .error, format: .text, sink: lines.append).lifecycle("listening on http://127.0.0.1:1")
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.hasSuffix(" INFO listening on http://127.0.0.1:1\n") == true)
    }

    @Test("Health probes are request lines at debug only")
    func quietHealth() {
        let probe = HTTPServer.AccessLogEntry(
            method: .get, path: "/_mock/health", status: 200, duration: 0, bytes: 93, remoteAddress: "127.0.0.1:1")
        let info = Lines()
        Logger(level: .info, format: .text, sink: info.append).request(probe)
        #expect(info.all.isEmpty)
        let debug = Lines()
        Logger(level: .debug, format: .text, sink: debug.append).request(probe)
        #expect(debug.all.first?.contains(" DEBUG request method=GET path=/_mock/health status=200 ") == true)
    }

    @Test("A path over 1,024 characters is logged cut with its size in bytes, in text and JSON lines")
    func longPath() throws {
        let path = "/" + String(repeating: "a", count: 69_999)
        let entry = HTTPServer.AccessLogEntry(
            method: .get, path: path, status: 404, duration: 0, bytes: 10, remoteAddress: "127.0.0.1:1")
        let cut = "/" + String(repeating: "a", count: 1023) + "…(70000 bytes)"
        let text = Lines()
        Logger(level: .info, format: .text, sink: text.append).request(entry)
        let line = try #require(text.all.first)
        #expect(line.contains(" path=\"/\(String(repeating: "a", count: 1023))\\u2026(70000 bytes)\" status=404 "))
        #expect(line.utf8.count < 1200)
        let json = Lines()
        Logger(level: .info, format: .json, sink: json.append).request(entry)
        let object = try JSONReader.parse(Array(try #require(json.all.first).utf8))
        #expect(object["path"] == .string(cut))
        // A path at the limit is logged whole.
        let whole = Lines()
        let short = "/" + String(repeating: "b", count: 1023)
        Logger(level: .info, format: .text, sink: whole.append).request(HTTPServer.AccessLogEntry(
            method: .get, path: short, status: 404, duration: 0, bytes: 10, remoteAddress: "127.0.0.1:1"))
        #expect(whole.all.first?.contains(" path=\(short) status=404 ") == true)
    }
}
