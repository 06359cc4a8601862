import CanaryStore
import MiniHTTP

/// `GET /api/v1/canarytokens/paginate` (docs/api.md §6.1): tokens oldest first, a page at a time.
package enum PaginateTokensHandler {
    /// The path the cursor links point at.
    package static let path = "/api/v1/canarytokens/paginate"

    /// Auth; optional `flock_id`; `limit` and `cursor` as `TokenPaging` reads them.
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let parameters = try context.authenticated(request)
        let flockID = try TokenListing.flockFilter(parameters, context)
        let page = try TokenPaging.page(parameters)
        let tokens = try context.read("tokens") { store in try store.tokens(flockID: flockID) }
        let pageTotal = TokenPaging.pageTotal(tokens.count, limit: page.limit)
        var query: [(String, String)] = []
        if let flockID { query.append(("flock_id", flockID)) }
        return .json([
            "canarytokens": .array(TokenPaging.slice(tokens, page).map(TokenPresenter.object)),
            "cursor": TokenPaging.cursor(request, context, path: path, page: page, pageTotal: pageTotal, query: query),
            "page_num": .int(page.number),
            "page_total": .int(pageTotal),
            "result": "success",
        ])
    }
}
