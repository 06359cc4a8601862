import Locking
import MiniHTTP

/// The last N requests the Console API answered, for tests to look at what a client sent (`GET /_mock/requests`).
/// A ring: when full, the oldest entry goes. Secrets are redacted when a request is recorded, so they are never kept.
/// The control API's own requests (`/_mock/…`) are not recorded.
package final class RequestJournal: Sendable {
    /// One answered request.
    package struct Entry: Sendable {
        /// 1, 2, 3… in the order requests were answered; never reused, even after a clear.
        package let id: Int
        /// Wall-clock time the request was answered, microseconds since 1970.
        package let timeMicros: Int64
        /// The method as sent.
        package let method: String
        /// The path without the query.
        package let path: String
        /// Parameter names and values from the query and the body, in order, secrets redacted; `nil` when the
        /// parameters could not be decoded.
        package let parameters: [(name: String, value: String)]?
        /// File parts: parameter name, file name, content type and size (the bytes are not kept).
        package let files: [(name: String, filename: String, contentType: String?, size: Int)]
        /// Whether the `X-Canary-Auth-Token` header was sent (its value is a secret).
        package let authHeader: Bool
        /// The status answered, or 0 for a dropped connection.
        package let status: Int
        /// Time spent answering, in seconds.
        package let duration: Double
        /// The fault rule that answered instead of the API, if any.
        package let faultID: Int?
    }

    /// The value that replaces a secret.
    package static let redacted = "<redacted>"
    /// Parameters whose values are never recorded.
    package static let secretParameters: Set<String> = [
        "auth_token", "factory_auth", "aws_access_key", "aws_secret_key", "aws_session_token",
    ]
    /// Longest value kept; longer ones are cut and marked, so a flood of large bodies stays bounded. Parameter names,
    /// file names and content types are cut the same way: a url-encoded body can carry a name of megabytes.
    package static let maxValueLength = 1024

    private struct State {
        var ring: [Entry?]
        var next = 0
        var count = 0
        var lastID = 0
        var recorded = 0
    }

    /// How many entries are kept.
    package let capacity: Int
    private let state: PThreadLock<State>

    /// A journal of `capacity` entries (0 keeps none).
    package init(capacity: Int) {
        self.capacity = max(0, capacity)
        state = PThreadLock(State(ring: Array(repeating: nil, count: max(0, capacity))))
    }

    /// Records an answered request; `limits` bound the decoding as they do for handlers.
    package func record(
        _ request: HTTPRequest, limits: HTTPLimits, status: Int, duration: Double, timeMicros: Int64, faultID: Int?
    ) {
        guard capacity > 0 else { return }
        var parameters: [(name: String, value: String)]?
        var files: [(name: String, filename: String, contentType: String?, size: Int)] = []
        if let decoded = try? request.parameters(limits: limits) {
            parameters = decoded.fields.map { field in
                (RequestJournal.cut(field.name), RequestJournal.shown(field.name, field.value))
            }
            files = decoded.files.map {
                (RequestJournal.cut($0.name), RequestJournal.cut($0.filename), $0.contentType.map(RequestJournal.cut),
                 $0.bytes.count)
            }
        }
        let authHeader = request.headers["X-Canary-Auth-Token"] != nil
        state.withLock { state in
            state.lastID += 1
            state.recorded += 1
            state.ring[state.next] = Entry(
                id: state.lastID, timeMicros: timeMicros, method: request.method.rawValue, path: request.path,
                parameters: parameters, files: files, authHeader: authHeader, status: status, duration: duration,
                faultID: faultID)
            state.next = (state.next + 1) % capacity
            state.count = min(state.count + 1, capacity)
        }
    }

    /// The kept entries, oldest first, that match the filters (`path` exact, or a prefix when it ends in `*`;
    /// `method` case-insensitive).
    package func entries(path: String? = nil, method: String? = nil) -> [Entry] {
        let all: [Entry] = state.withLock { state in
            let start = (state.next - state.count + capacity) % max(capacity, 1)
            return (0..<state.count).compactMap { state.ring[(start + $0) % capacity] }
        }
        return all.filter { entry in
            if let method, entry.method.uppercased() != method.uppercased() { return false }
            guard let path else { return true }
            if path.hasSuffix("*") { return entry.path.hasPrefix(path.dropLast()) }
            return entry.path == path
        }
    }

    /// How many requests were recorded since start (including those the ring has dropped or a clear removed).
    package var recordedCount: Int { state.withLock { $0.recorded } }

    /// Forgets every entry; returns how many were kept.
    @discardableResult
    package func clear() -> Int {
        state.withLock { state in
            let removed = state.count
            state.ring = Array(repeating: nil, count: capacity)
            state.next = 0
            state.count = 0
            return removed
        }
    }

    private static func shown(_ name: String, _ value: String) -> String {
        if secretParameters.contains(name) { return redacted }
        return cut(value)
    }

    /// `text`, or its first `maxValueLength` characters marked with its whole size in bytes.
    private static func cut(_ text: String) -> String {
        guard text.unicodeScalars.count > maxValueLength else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxValueLength)))
            + "…(\(text.utf8.count) bytes)"
    }
}
