import MiniHTTP

/// Cursor paging shared by `canarytokens/paginate` and `canarytokens/search` (mock's choices, README "Paging").
package enum TokenPaging {
    /// Tokens per page when `limit` is absent (the Console docs' default).
    package static let defaultLimit = 10
    /// The largest page; a larger `limit` is clamped to it (canarytools 1.2.3 sends `limit=2500`).
    package static let maxLimit = 2500

    /// One requested page: 1-based number and size.
    package struct Page: Sendable, Equatable {
        /// 1 for the first page.
        package var number: Int
        /// Tokens per page.
        package var limit: Int
    }

    /// The page asked for: a `cursor` decides both number and size; otherwise page 1 with `limit`.
    /// - Throws: `Could not process the parameters` for a bad cursor or a `limit` that is not a positive integer.
    package static func page(_ parameters: HTTPParameters) throws(APIError) -> Page {
        if let cursor = parameters["cursor"], !cursor.isEmpty {
            guard let numbers = Base64Cursor.decode(cursor), numbers.count == 2,
                  numbers[0] >= 1, (1...maxLimit).contains(numbers[1]) else { throw .couldNotProcessParameters }
            return Page(number: numbers[0], limit: numbers[1])
        }
        guard let text = parameters["limit"], !text.isEmpty else { return Page(number: 1, limit: defaultLimit) }
        guard text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let limit = Int(text), limit >= 1 else {
            throw .couldNotProcessParameters
        }
        return Page(number: 1, limit: min(limit, maxLimit))
    }

    /// The number of pages for `count` items: at least 1, so an empty console has one empty page.
    package static func pageTotal(_ count: Int, limit: Int) -> Int {
        max(1, (count + limit - 1) / limit)
    }

    /// This page's slice of `items`.
    package static func slice<T>(_ items: [T], _ page: Page) -> ArraySlice<T> {
        let start = min(items.count, (page.number - 1) * page.limit)
        return items[start..<min(items.count, start + page.limit)]
    }

    /// The `cursor` object: `next`, `next_link`, `prev`, `prev_link` while a later page exists; `{}` on the last page.
    ///
    /// Mock's choice: canarytools 1.2.3 `tokens.all()` loops while `cursor` is truthy, so the last page must answer
    /// an empty object; readers of `.cursor.next` (jq, `.get("next")`) still see null there. Links are built from the
    /// request's `Host` header and carry no `auth_token`.
    /// - Parameter query: the filters to repeat in the links (search), after `cursor` and `limit`.
    package static func cursor(
        _ request: HTTPRequest, _ context: ConsoleContext, path: String, page: Page, pageTotal: Int,
        query: [(String, String)] = []
    ) -> JSONValue {
        guard page.number < pageTotal else { return .object([:]) }
        let host = request.headers["Host"] ?? "\(context.configuration.host):\(context.configuration.port)"
        func link(_ number: Int) -> (JSONValue, JSONValue) {
            let cursor = Base64Cursor.encode([number, page.limit])
            let pairs = [("cursor", cursor), ("limit", String(page.limit))] + query
            let url = "http://\(host)\(path)?" + PercentEncoding.encode(pairs, spaceAsPlus: false)
            return (.string(cursor), .string(url))
        }
        let next = link(page.number + 1)
        let prev: (JSONValue, JSONValue) = page.number > 1 ? link(page.number - 1) : (.null, .null)
        return ["next": next.0, "next_link": next.1, "prev": prev.0, "prev_link": prev.1]
    }
}
