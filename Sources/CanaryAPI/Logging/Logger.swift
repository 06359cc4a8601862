import Basics
import Glibc
import MiniHTTP

/// Writes log lines, one `write(2)` each so lines from different threads never interleave, in text or JSON.
/// Callers pass only what is safe to show: paths without query strings, no header values, no secrets.
package struct Logger: Sendable {
    /// How important a line is; lines below the configured level are dropped.
    package enum Level: String, Sendable, Comparable, CaseIterable {
        /// Details for debugging the mock itself.
        case debug
        /// One line per request, start and stop.
        case info
        /// Something went wrong for one client (refused connection, unexpected error).
        case warning
        /// Something went wrong for the server.
        case error

        private var rank: Int { Level.allCases.firstIndex(of: self) ?? 0 }

        /// Orders levels from debug to error.
        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// The line format.
    package enum Format: String, Sendable, CaseIterable {
        /// `2026-11-22T15:10:00.123Z INFO request method=GET path=/api/v1/ping status=200 …`
        case text
        /// One JSON object per line, keys sorted: `{"level": "info", "message": "request", …}`.
        case json
    }

    /// Lines below this level are dropped.
    package let level: Level
    /// The line format.
    package let format: Format
    private let sink: @Sendable ([UInt8]) -> Void

    /// Makes a logger writing whole lines to `sink` (standard error by default).
    package init(level: Level = .info, format: Format = .text,
                 sink: @escaping @Sendable ([UInt8]) -> Void = Logger.standardError) {
        self.level = level
        self.format = format
        self.sink = sink
    }

    /// Whether lines of `level` are written.
    package func isEnabled(_ level: Level) -> Bool { level >= self.level }

    /// Writes one line with a message and fields, in field order for text and sorted for JSON.
    package func log(_ level: Level, _ message: String, _ fields: [(String, JSONValue)] = []) {
        guard isEnabled(level) else { return }
        let time = Logger.timestamp()
        var line: [UInt8]
        switch format {
        case .json:
            var object: [String: JSONValue] = ["time": .string(time), "level": .string(level.rawValue),
                                               "message": .string(message)]
            for (key, value) in fields { object[key] = value }
            line = JSONWriter.encodeLine(.object(object))
        case .text:
            var text = "\(time) \(level.rawValue.uppercased()) \(message)"
            for (key, value) in fields { text += " \(key)=\(Logger.textValue(value))" }
            line = Array(text.utf8)
        }
        line.append(0x0A)
        sink(line)
    }

    /// A start or stop line: written whatever the level, because users (and tests) read the bound port from it.
    package func lifecycle(_ message: String, _ fields: [(String, JSONValue)] = []) {
        Logger(level: .debug, format: format, sink: sink).log(.info, message, fields)
    }

    /// Paths whose requests are logged at debug, not info: health probes every few seconds would drown the log.
    package static let quietPaths: Set<String> = ["/_mock/health"]

    /// The access-log line for one served request (info; debug for `quietPaths`). A path over
    /// `RequestJournal.maxValueLength` characters is cut with the journal's marker (`…(65000 bytes)`): the request
    /// line allows 64 KiB, and a log line per such request would fill a log fast (issue 11).
    package func request(_ entry: HTTPServer.AccessLogEntry) {
        let level: Level = Logger.quietPaths.contains(entry.path) ? .debug : .info
        guard isEnabled(level) else { return }
        log(level, "request", [
            ("method", .string(RequestJournal.cut(entry.method.rawValue))),
            ("path", .string(RequestJournal.cut(entry.path))), ("status", .int(entry.status)),
            ("duration_ms", .double((entry.duration * 100_000).rounded() / 100)), ("bytes", .int(entry.bytes)),
            ("remote", .string(entry.remoteAddress)),
        ])
    }

    /// Writes to file descriptor 2 in one call.
    package static func standardError(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Now as `2026-11-22T15:10:00.123Z` (UTC, milliseconds).
    /// Log lines carry the system's time even when `/_mock` moves the Console's `WallClock`.
    static func timestamp() -> String {
        let micros = WallClock.systemMicros()
        let time = CivilTime(seconds: micros / 1_000_000)
        let pad = CivilTime.padded
        return "\(pad(time.year, 4))-\(pad(time.month, 2))-\(pad(time.day, 2))T"
            + "\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))."
            + "\(pad(Int(micros % 1_000_000) / 1000, 3))Z"
    }

    /// A field value for text lines: bare when it has no spaces or quotes, else quoted JSON-style.
    static func textValue(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "=" }
            return plain ? text : String(decoding: JSONWriter.encodeLine(value), as: UTF8.self)
        default:
            return String(decoding: JSONWriter.encodeLine(value), as: UTF8.self)
        }
    }
}
