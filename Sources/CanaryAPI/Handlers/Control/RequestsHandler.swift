import MiniHTTP

/// `GET /_mock/requests` lists the journal (oldest first; `path` and `method` filters; `since` and `limit` to page),
/// `DELETE` clears it.
package enum RequestsHandler {
    /// Largest listing answer, about, in bytes: entries stop there and `next_since` points at the rest. A full
    /// default journal of small requests (1,000 pings, about 0.3 MB) is far under it, so it lists whole as before.
    package static let maxListingBytes = 4 * 1024 * 1024

    /// The journal's entries that match the filters, with an id over `since` (default 0), at most `limit` of them and
    /// about `maxListingBytes` in all. When more match, the answer carries `next_since`: the last id listed, to pass
    /// as `since` for the next page.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["path", "method", "since", "limit"])
        let path = try input.string("path")
        let method = try input.string("method")
        let since = try input.int("since", in: 0...Int.max) ?? 0
        let limit = try input.int("limit", in: 1...MockConfiguration.maxJournalSize)
        var items: [JSONValue] = []
        var bytes = 256  // the envelope: capacity, recorded, result, next_since
        var lastID: Int?
        var more = false
        context.journal.visit(path: path, method: method, since: since) { entry in
            if let limit, items.count == limit {
                more = true
                return false
            }
            let item = json(entry)
            let size = encodedSize(item)
            if !items.isEmpty, bytes + size > maxListingBytes {
                more = true
                return false
            }
            items.append(item)
            bytes += size
            lastID = entry.id
            return true
        }
        var object: [String: JSONValue] = [
            "capacity": .int(context.journal.capacity),
            "recorded": .int(context.journal.recordedCount),
            "requests": .array(items),
            "result": "success",
        ]
        if more, let lastID { object["next_since"] = .int(lastID) }
        return .json(.object(object))
    }

    /// Forgets every entry.
    package static func clear(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        .json(["cleared": .int(context.journal.clear()), "result": "success"])
    }

    /// Bytes `item` takes in the listing: encoded alone, plus the four spaces of indentation each of its lines gets
    /// inside `requests` and the `,\n` after it.
    static func encodedSize(_ item: JSONValue) -> Int {
        let encoded = JSONWriter.encode(item)
        var lines = 1
        for byte in encoded where byte == 0x0A { lines += 1 }
        return encoded.count + 4 * lines + 2
    }

    static func json(_ entry: RequestJournal.Entry) -> JSONValue {
        var parameters: JSONValue = .null
        if let fields = entry.parameters {
            var object: [String: JSONValue] = [:]
            for (name, value) in fields {
                switch object[name] {
                case nil: object[name] = .string(value)
                case .array(let values)?: object[name] = .array(values + [.string(value)])
                case let first?: object[name] = .array([first, .string(value)])
                }
            }
            parameters = .object(object)
        }
        var object: [String: JSONValue] = [
            "id": .int(entry.id),
            "time": .string(Timestamps.iso8601(entry.timeMicros)),
            "method": .string(entry.method),
            "path": .string(entry.path),
            "parameters": parameters,
            "files": .array(entry.files.map { file in
                .object([
                    "name": .string(file.name), "filename": .string(file.filename),
                    "content_type": file.contentType.map { .string($0) } ?? .null, "size": .int(file.size),
                ])
            }),
            "auth_header": .bool(entry.authHeader),
            "status": .int(entry.status),
            "duration_ms": .double((entry.duration * 1_000_000).rounded() / 1000),
            "fault_id": entry.faultID.map { .int($0) } ?? .null,
        ]
        // Only on an entry cut to maxEntryBytes, so entries of ordinary requests keep their shape.
        if let cut = entry.cut {
            object["cut"] = .object([
                "parameters": .int(cut.parameters), "files": .int(cut.files), "bytes": .int(cut.bytes),
            ])
        }
        return .object(object)
    }
}
