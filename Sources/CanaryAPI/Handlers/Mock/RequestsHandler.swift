import MiniHTTP

/// `GET /_mock/requests` lists the journal (oldest first; `path` and `method` filters), `DELETE` clears it.
package enum RequestsHandler {
    /// The journal's entries that match the filters.
    package static func list(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["path", "method"])
        let entries = context.journal.entries(path: try input.string("path"), method: try input.string("method"))
        return .json([
            "capacity": .int(context.journal.capacity),
            "recorded": .int(context.journal.recordedCount),
            "requests": .array(entries.map(json)),
            "result": "success",
        ])
    }

    /// Forgets every entry.
    package static func clear(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        .json(["cleared": .int(context.journal.clear()), "result": "success"])
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
        return .object([
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
        ])
    }
}
