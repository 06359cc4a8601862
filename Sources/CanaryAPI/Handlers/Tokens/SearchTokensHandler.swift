import CanaryStore
import MiniHTTP

/// `GET /api/v1/canarytokens/search` (docs/api.md §6.1): filtered tokens, a page at a time.
package enum SearchTokensHandler {
    /// The path the cursor links point at.
    package static let path = "/api/v1/canarytokens/search"

    /// Longest `search_string`, in characters (Unicode scalars, as Python counts them).
    package static let maxSearchLength = 1024
    /// Most distinct words in a `search_string` (after lowercasing; repeats count once).
    package static let maxSearchWords = 32

    /// Auth; optional `flock_id`, `search_string`, `kind`, `active`; paging as paginate.
    /// - Throws: `Could not process the parameters` for an `active` that is not a boolean, a bad cursor/limit, or a
    ///   `search_string` over `maxSearchLength` characters or `maxSearchWords` distinct words.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let flockID = try TokenListing.flockFilter(parameters, context)
        var active: Bool?
        if let text = parameters["active"], !text.isEmpty {
            switch text.lowercased() {
            case "true", "1": active = true
            case "false", "0": active = false
            default: throw .couldNotProcessParameters
            }
        }
        let kind = parameters["kind"].flatMap { $0.isEmpty ? nil : $0 }
        let words = try queryWords(parameters["search_string"] ?? "")
        let page = try TokenPaging.page(parameters)
        let tokens = try context.read("tokens") { store in try store.tokens(flockID: flockID) }
            .filter { token in
                (kind == nil || token.kind == kind) && (active == nil || token.enabled == active)
                    && matches(token, words)
            }
        let pageTotal = TokenPaging.pageTotal(tokens.count, limit: page.limit)
        var query: [(String, String)] = []
        for name in ["flock_id", "search_string", "kind", "active"] {
            if let value = parameters[name], !value.isEmpty { query.append((name, value)) }
        }
        let shown = TokenPaging.slice(tokens, page)
        let unacknowledged = try context.read("unacknowledged incident counts") { store in
            try store.unacknowledgedIncidentCounts(nodeIDs: shown.map(\.canarytoken))
        }
        let items: [JSONValue] = shown.map { token in
            guard case .object(var object) = TokenPresenter.object(token) else { return .null }
            // The token's unacknowledged incidents (docs/api.md §7.4).
            object["unacked_alert_count"] = .int(unacknowledged[token.canarytoken] ?? 0)
            return .object(object)
        }
        return .json([
            "canarytokens": .array(items),
            "cursor": TokenPaging.cursor(request, context, path: path, page: page, pageTotal: pageTotal, query: query),
            "page_number": .int(page.number),
            "result": "success",
            "total_pages": .int(pageTotal),
            "total_results": .int(tokens.count),
        ])
    }

    /// The distinct search words of a query, in first-seen order: every token is matched against each, so an
    /// unbounded query cost (words × memo words × tokens) of CPU; one 64 KiB query took 137 s with 20 tokens
    /// (issue 11). Over the caps the query is refused with the Console's own message for parameters it cannot take,
    /// rather than cut: a cut query would drop words and so answer tokens that do not match what was asked.
    /// - Throws: `Could not process the parameters` over `maxSearchLength` characters or `maxSearchWords` words.
    package static func queryWords(_ text: String) throws(APIError) -> [Substring] {
        guard text.unicodeScalars.count <= maxSearchLength else { throw .couldNotProcessParameters }
        var seen: Set<Substring> = []
        let words = searchWords(text).filter { seen.insert($0).inserted }
        guard words.count <= maxSearchWords else { throw .couldNotProcessParameters }
        return words
    }

    /// The lowercased words of a text: runs of letters and digits.
    package static func searchWords(_ text: String) -> [Substring] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    /// Word-prefix match (mock's reading of the docs): every search word starts the token id or a memo word.
    /// The token's words are split once per token; repeated memo words are compared once.
    package static func matches(_ token: TokenRecord, _ words: [Substring]) -> Bool {
        guard !words.isEmpty else { return true }
        var seen: Set<Substring> = []
        let targets = ([Substring(token.canarytoken)] + searchWords(token.memo)).filter { seen.insert($0).inserted }
        return words.allSatisfy { word in targets.contains { $0.hasPrefix(word) } }
    }
}
