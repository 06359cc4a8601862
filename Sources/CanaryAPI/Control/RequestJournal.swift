import Basics
import MiniHTTP

/// The last N requests the Console API answered, for tests to look at what a client sent (`GET /_mock/requests`).
/// A ring: when full, the oldest entry goes. The control API's own requests (`/_mock/…`) are not recorded.
///
/// Recording stays off the hot path: a request whose body is at most `maxKeptBodyBytes` is kept as it came (its
/// arrays are shared, not copied) and its parameters are decoded, redacted and cut only when the journal is listed.
/// A larger body (an upload) is decoded at once and only the cut values and file sizes are kept.
///
/// Bounded in bytes as well as in entries (issue 11): an entry shows at most `maxEntryBytes` of parameter names,
/// values and file metadata (the rest is dropped and the entry carries a `Cut` marker), and the ring evicts its oldest
/// entries while the kept requests cost more than its byte budget, so 1,000 refused 8 MB bodies cannot fill memory.
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
        /// Set when the parameters and files shown are only the first of the request's (over `maxEntryBytes`).
        package let cut: Cut?
    }

    /// The marker of an entry whose parameters were cut: what the request had in all.
    package struct Cut: Sendable, Equatable {
        /// Parameters the request had (the entry shows the first that fit).
        package let parameters: Int
        /// File parts the request had.
        package let files: Int
        /// UTF-8 bytes of all their names and values (file names and content types for files), secrets counted as
        /// their redaction.
        package let bytes: Int
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

    /// Most bytes of parameter names and values and file metadata (after `maxValueLength` cuts) an entry shows:
    /// 1,000 parameters of 1,024 characters would otherwise keep and list megabytes per request.
    package static let maxEntryBytes = 16 * 1024

    /// Default byte budget of the whole journal: the ring evicts its oldest entries while its entries cost more.
    /// A kept request costs its body, target and headers; a summary, its shown text (see `cost`).
    package static let maxJournalBytes = 32 * 1024 * 1024

    /// What an entry is counted as beyond its text: the entry, its strings' headers, the ring slot.
    package static let entryOverheadBytes = 256

    /// What an entry keeps of its request's parameters.
    private enum Recorded: Sendable {
        /// The request itself, decoded when listed.
        case request(HTTPRequest, HTTPLimits)
        /// The already decoded (or undecodable: `nil`) parameters and file parts.
        case summary(Shown)
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
        /// Bytes the entry is counted as against the journal's budget.
        let cost: Int
    }

    /// Decoded parameters as an entry shows them.
    private struct Shown: Sendable {
        var parameters: [(name: String, value: String)]?
        var files: [(name: String, filename: String, contentType: String?, size: Int)]
        var cut: Cut?

        /// What a summary costs: its text, plus a little per string for the string and tuple themselves.
        var bytes: Int {
            var total = 0
            for field in parameters ?? [] { total += field.name.utf8.count + field.value.utf8.count + 64 }
            for file in files {
                total += file.name.utf8.count + file.filename.utf8.count + (file.contentType?.utf8.count ?? 0) + 96
            }
            return total
        }
    }

    private struct State {
        var ring: [Kept?]
        var next = 0
        var count = 0
        var lastID = 0
        var recorded = 0
        /// Sum of the kept entries' costs.
        var bytes = 0
    }

    /// How many entries are kept at most.
    package let capacity: Int
    /// The byte budget: while the entries cost more, the oldest go (the newest always stays).
    package let maxBytes: Int
    private let state: PThreadLock<State>

    /// A journal of at most `capacity` entries (0 keeps none) costing at most `maxBytes`.
    package init(capacity: Int, maxBytes: Int = RequestJournal.maxJournalBytes) {
        self.capacity = max(0, capacity)
        self.maxBytes = max(0, maxBytes)
        state = PThreadLock(State(ring: Array(repeating: nil, count: max(0, capacity))))
    }

    /// Records an answered request; `limits` bound the decoding as they do for handlers.
    package func record(
        _ request: HTTPRequest, limits: HTTPLimits, status: Int, duration: Double, timeMicros: Int64, faultID: Int?
    ) {
        guard capacity > 0 else { return }
        let recorded: Recorded
        let method = RequestJournal.cut(request.method.rawValue)
        let path = RequestJournal.cut(request.path)
        var cost = RequestJournal.entryOverheadBytes + method.utf8.count + path.utf8.count
        if request.body.count <= RequestJournal.maxKeptBodyBytes {
            recorded = .request(request, limits)
            // The target, and its path and query again as their own strings.
            cost += request.body.count + 2 * request.target.utf8.count
            for field in request.headers { cost += field.name.utf8.count + field.value.utf8.count + 32 }
        } else {
            let shown = RequestJournal.decode(request, limits)
            recorded = .summary(shown)
            cost += shown.bytes
        }
        let authHeader = request.headers["X-Canary-Auth-Token"] != nil
        state.withLock { state in
            state.lastID += 1
            state.recorded += 1
            if let overwritten = state.ring[state.next] { state.bytes -= overwritten.cost }
            state.ring[state.next] = Kept(
                id: state.lastID, timeMicros: timeMicros, method: method, path: path, recorded: recorded,
                authHeader: authHeader, status: status, duration: duration, faultID: faultID, cost: cost)
            state.bytes += cost
            state.next = (state.next + 1) % capacity
            state.count = min(state.count + 1, capacity)
            // Over the byte budget, the oldest entries go as the ring drops them; the newest always stays.
            while state.bytes > maxBytes, state.count > 1 {
                let oldest = (state.next - state.count + capacity) % capacity
                if let evicted = state.ring[oldest] { state.bytes -= evicted.cost }
                state.ring[oldest] = nil
                state.count -= 1
            }
        }
    }

    /// Bytes the kept entries are counted as (at most `maxBytes`, or the one newest entry's cost).
    package var byteCount: Int { state.withLock { $0.bytes } }

    /// The kept entries, oldest first, that match the filters (`path` exact, or a prefix when it ends in `*`;
    /// `method` case-insensitive).
    package func entries(path: String? = nil, method: String? = nil) -> [Entry] {
        var all: [Entry] = []
        visit(path: path, method: method) { all.append($0); return true }
        return all
    }

    /// Calls `body` with the kept entries that match the filters and have an id over `since`, oldest first, until it
    /// answers `false`. Entries are decoded one at a time, so a caller that stops early decodes no more.
    package func visit(path: String? = nil, method: String? = nil, since: Int = 0, _ body: (Entry) -> Bool) {
        let all: [Kept] = state.withLock { state in
            let start = (state.next - state.count + capacity) % max(capacity, 1)
            return (0..<state.count).compactMap { state.ring[(start + $0) % capacity] }
        }
        let wantedMethod = method?.uppercased()
        for kept in all where kept.id > since {
            if let wantedMethod, kept.method.uppercased() != wantedMethod { continue }
            if let path {
                if path.hasSuffix("*") {
                    guard kept.path.hasPrefix(path.dropLast()) else { continue }
                } else if kept.path != path {
                    continue
                }
            }
            let shown: Shown
            switch kept.recorded {
            case .request(let request, let limits): shown = RequestJournal.decode(request, limits)
            case .summary(let summary): shown = summary
            }
            let entry = Entry(
                id: kept.id, timeMicros: kept.timeMicros, method: kept.method, path: kept.path,
                parameters: shown.parameters, files: shown.files, authHeader: kept.authHeader, status: kept.status,
                duration: kept.duration, faultID: kept.faultID, cut: shown.cut)
            guard body(entry) else { return }
        }
    }

    /// The parameters as the journal shows them (secrets redacted, long text cut, at most `maxEntryBytes` in all),
    /// or `nil` when undecodable, and the file parts without their bytes. Once one does not fit, none after it is
    /// shown, so what an entry shows is always the request's first parameters and first files, in order.
    private static func decode(_ request: HTTPRequest, _ limits: HTTPLimits) -> Shown {
        guard let decoded = try? request.parameters(limits: limits) else { return Shown(parameters: nil, files: []) }
        var room = maxEntryBytes
        var full = false
        var total = 0
        var parameters: [(name: String, value: String)] = []
        for field in decoded.fields {
            let secret = secretParameters.contains(field.name)
            total += field.name.utf8.count + (secret ? redacted.utf8.count : field.value.utf8.count)
            guard !full else { continue }
            let shownField = (name: cut(field.name), value: shown(field.name, field.value))
            let size = shownField.name.utf8.count + shownField.value.utf8.count
            if size > room { full = true; continue }
            room -= size
            parameters.append(shownField)
        }
        var files: [(name: String, filename: String, contentType: String?, size: Int)] = []
        for file in decoded.files {
            total += file.name.utf8.count + file.filename.utf8.count + (file.contentType?.utf8.count ?? 0)
            guard !full else { continue }
            let shownFile = (
                name: cut(file.name), filename: cut(file.filename), contentType: file.contentType.map(cut),
                size: file.bytes.count)
            let size = shownFile.name.utf8.count + shownFile.filename.utf8.count
                + (shownFile.contentType?.utf8.count ?? 0)
            if size > room { full = true; continue }
            room -= size
            files.append(shownFile)
        }
        let cut = full ? Cut(parameters: decoded.fields.count, files: decoded.files.count, bytes: total) : nil
        return Shown(parameters: parameters, files: files, cut: cut)
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
            state.bytes = 0
            return removed
        }
    }

    private static func shown(_ name: String, _ value: String) -> String {
        if secretParameters.contains(name) { return redacted }
        return cut(value)
    }

    /// `text`, or its first `maxValueLength` characters marked with its whole size in bytes: `…(70000 bytes)`.
    /// The access log cuts paths with it too, so a long path reads the same in both.
    package static func cut(_ text: String) -> String {
        guard text.unicodeScalars.count > maxValueLength else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxValueLength)))
            + "…(\(text.utf8.count) bytes)"
    }
}
