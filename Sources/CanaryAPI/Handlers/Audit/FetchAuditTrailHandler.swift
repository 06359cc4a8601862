import CanaryStore
import MiniHTTP

/// `GET /api/v1/audit_trail/fetch` (docs/audit-trail.md): the audit trail, newest first, a page at a time.
package enum FetchAuditTrailHandler {
    /// The page size when neither `limit` nor a cursor gives one (the Console's documented default).
    package static let defaultLimit = 100
    /// The longest `action_filter` or `search_term`, in characters.
    package static let maxTermLength = 1_024

    /// Auth, the parameters, one page and the cursors around it.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let zone = try IncidentTimeZone.parse(parameters)
        var filter = try self.filter(parameters)
        var cursor: AuditCursor?
        if let text = IncidentParameters.text(parameters, "cursor") {
            guard filter.afterID == nil else { throw .cursorWithAfterID }
            guard let decoded = AuditCursor.decode(text, maxLimit: IncidentParameters.maxLimit) else {
                throw .invalidParameter("cursor")
            }
            cursor = decoded
        }
        // Gravwell sends `limit` on cursor pages too: beside a cursor it is not even read, the cursor's limit wins
        // (docs/audit-trail.md "Paging").
        var limit = defaultLimit
        if let cursor {
            limit = cursor.limit
        } else if let given = try IncidentParameters.limit(parameters) {
            limit = given
        }
        let total = try context.read("audit count") { store in try store.auditCount(matching: filter) }
        let pageCount = (total + limit - 1) / limit
        var page = filter
        var oldestFirst = false
        switch cursor?.direction {
        case .next?: page.beforeID = cursor?.boundaryID
        case .prev?:
            page.afterID = cursor?.boundaryID
            oldestFirst = true
        case nil: break
        }
        let items = try context.read("audit page") { store in
            try store.auditItems(matching: page, limit: limit, oldestFirst: oldestFirst)
        }
        var next: JSONValue = .null
        var prev: JSONValue = .null
        let number = cursor?.page ?? (items.isEmpty ? 0 : 1)
        if let last = items.last, let first = items.first {
            filter.beforeID = last.id
            if try context.read("audit next", { store in try !store.auditItems(matching: filter, limit: 1).isEmpty }) {
                next = .string(AuditCursor(
                    direction: .next, boundaryID: last.id, limit: limit, page: number + 1, pageCount: pageCount).encoded)
            }
            filter.beforeID = nil
            filter.afterID = max(filter.afterID ?? 0, first.id)
            if try context.read("audit prev", { store in try !store.auditItems(matching: filter, limit: 1).isEmpty }) {
                prev = .string(AuditCursor(
                    direction: .prev, boundaryID: first.id, limit: limit, page: max(1, number - 1),
                    pageCount: pageCount).encoded)
            }
        }
        return .json([
            "audit_trail": .array(items.map { item(for: $0, zone) }),
            "cursor": ["next": next, "prev": prev],
            "page_count": .int(pageCount),
            "page_number": .int(number),
            "result": "success",
        ])
    }

    /// The filters a request gives: `action_filter`, `search_term`, `start_date`, `end_date`, `after_id`.
    static func filter(_ parameters: HTTPParameters) throws(APIError) -> AuditItem.Filter {
        var filter = AuditItem.Filter()
        filter.actionType = try term(parameters, "action_filter")
        filter.searchTerm = try term(parameters, "search_term")
        filter.fromMicros = try day(parameters, "start_date").map { $0 * 1_000_000 }
        // end_date includes its whole day.
        filter.beforeMicros = try day(parameters, "end_date").map { ($0 + 86_400) * 1_000_000 }
        filter.afterID = try IncidentParameters.integer(parameters, "after_id", in: 0...Int(Int64.max))
        return filter
    }

    /// A non-empty text parameter of at most `maxTermLength` characters.
    private static func term(_ parameters: HTTPParameters, _ name: String) throws(APIError) -> String? {
        guard let value = IncidentParameters.text(parameters, name) else { return nil }
        guard value.count <= maxTermLength else { throw .invalidParameter(name) }
        return value
    }

    /// A `yyyy-mm-dd` date as the seconds of its first instant in UTC, or nil when absent.
    private static func day(_ parameters: HTTPParameters, _ name: String) throws(APIError) -> Int64? {
        guard let value = IncidentParameters.text(parameters, name) else { return nil }
        guard value.utf8.count == 10, let seconds = IncidentDate.parse(value + "-00:00:00") else {
            throw .invalidParameter(name)
        }
        return seconds
    }

    /// One item as the Console prints it (docs/audit-trail.md "Items").
    package static func item(for item: AuditItem, _ zone: IncidentTimeZone) -> JSONValue {
        [
            "action_type": .string(item.actionType),
            "additional_information": item.additionalInformation.map(JSONValue.string) ?? .null,
            "flock_id": item.flockID.map(JSONValue.string) ?? .null,
            "flock_name": item.flockName.map(JSONValue.string) ?? .null,
            "id": .int(item.id),
            "message": .string(item.message),
            "timestamp": .string(zone.standard(item.timeMicros)),
            "user": .string(item.user),
            "user_access_route": .string(item.userAccessRoute),
            "user_browser_agent": .string(item.userBrowserAgent),
            "user_browser_language": .string(item.userBrowserLanguage),
            "user_ip": .string(item.userIP),
        ]
    }
}
