import Locking
import MiniHTTP

/// The last N requests the Console API answered, for tests to look at what a client sent (`GET /_mock/requests`).
/// A ring: when full, the oldest entry goes. The control API's own requests (`/_mock/…`) are not recorded.
///
/// Recording stays off the hot path: a request whose body is at most `maxKeptBodyBytes` is kept as it came (its
/// arrays are shared, not copied) and its parameters are decoded, redacted and cut only when the journal is listed.
/// A larger body (an upload) is decoded at once and only the cut values and file sizes are kept, so an entry never
/// holds more than about that many bytes of body.
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

    /// Largest body kept as it came; larger ones are summarised when recorded.
    package static let maxKeptBodyBytes = 64 * 1024

    /// What an entry keeps of its request's parameters.
    private enum Recorded: Sendable {
        /// The request itself, decoded when listed.
        case request(HTTPRequest, HTTPLimits)
        /// The already decoded (or undecodable: `nil`) parameters and file parts.
        case summary([(name: String, value: String)]?, [(name: String, filename: String, contentType: String?, size: Int)])
    }

    /// An entry as the ring holds it.
    private struct Kept: Sendable {
        let id: Int
        let timeMicros: Int64
        let method: String
        let path: String
        let recorded: Recorded
        let authHeader: Bool
        let status: Int
        let duration: Double
        let faultID: Int?
    }

    private struct State {
        var ring: [Kept?]
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
        let recorded: Recorded
        if request.body.count <= RequestJournal.maxKeptBodyBytes {
            recorded = .request(request, limits)
        } else {
            let (parameters, files) = RequestJournal.decode(request, limits)
            recorded = .summary(parameters, files)
        }
        let authHeader = request.headers["X-Canary-Auth-Token"] != nil
        state.withLock { state in
            state.lastID += 1
            state.recorded += 1
            state.ring[state.next] = Kept(
                id: state.lastID, timeMicros: timeMicros, method: request.method.rawValue, path: request.path,
                recorded: recorded, authHeader: authHeader, status: status, duration: duration, faultID: faultID)
            state.next = (state.next + 1) % capacity
            state.count = min(state.count + 1, capacity)
        }
    }

    /// The kept entries, oldest first, that match the filters (`path` exact, or a prefix when it ends in `*`;
    /// `method` case-insensitive).
    package func entries(path: String? = nil, method: String? = nil) -> [Entry] {
        let all: [Kept] = state.withLock { state in
            let start = (state.next - state.count + capacity) % max(capacity, 1)
            return (0..<state.count).compactMap { state.ring[(start + $0) % capacity] }
        }
        return all.filter { entry in
            if let method, entry.method.uppercased() != method.uppercased() { return false }
            guard let path else { return true }
            if path.hasSuffix("*") { return entry.path.hasPrefix(path.dropLast()) }
            return entry.path == path
        }.map { kept in
            let parameters: [(name: String, value: String)]?
            let files: [(name: String, filename: String, contentType: String?, size: Int)]
            switch kept.recorded {
            case .request(let request, let limits): (parameters, files) = RequestJournal.decode(request, limits)
            case .summary(let decoded, let parts): (parameters, files) = (decoded, parts)
            }
            return Entry(
                id: kept.id, timeMicros: kept.timeMicros, method: kept.method, path: kept.path, parameters: parameters,
                files: files, authHeader: kept.authHeader, status: kept.status, duration: kept.duration,
                faultID: kept.faultID)
        }
    }

    /// The parameters as the journal shows them (secrets redacted, long text cut), or `nil` when undecodable, and
    /// the file parts without their bytes.
    private static func decode(
        _ request: HTTPRequest, _ limits: HTTPLimits
    ) -> ([(name: String, value: String)]?, [(name: String, filename: String, contentType: String?, size: Int)]) {
        guard let decoded = try? request.parameters(limits: limits) else { return (nil, []) }
        let parameters = decoded.fields.map { field in (cut(field.name), shown(field.name, field.value)) }
        let files = decoded.files.map { ($0.name, $0.filename, $0.contentType, $0.bytes.count) }.map {
            (cut($0.0), cut($0.1), $0.2.map(cut), $0.3)
        }
        return (parameters, files)
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
