import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Token listing: canarytokens/fetch, paginate, search")
struct TokenListingHandlerTests {
    /// Creates `count` http tokens with memos `memo 0` … and returns their ids in creation order.
    private func makeTokens(_ console: TestConsole, _ count: Int, flock: String? = nil) throws -> [String] {
        try (0..<count).map { index in
            try console.createToken(kind: "http", memo: "memo \(index)", flock.map { [("flock_id", $0)] } ?? []).id
        }
    }

    private func ids(_ reply: Reply, _ key: String = "canarytokens") -> [String] {
        (reply.json[key]?.arrayValue ?? []).compactMap { $0["canarytoken"]?.stringValue }
    }

    @Test("Every Console route beyond the first five checks the API key first", arguments: ConsolePaths.all.map { "\($0.0) \($0.1)" })
    func auth(_ route: String) throws {
        let console = try TestConsole()
        let parts = route.split(separator: " ").map(String.init)
        let method = HTTPMethod(rawValue: parts[0])
        expectError(try console.call(method, parts[1], [], auth: .none), Message.invalidAuthToken, status: 401)
        expectError(try console.call(method, parts[1], [], auth: .parameter("wrong")), Message.invalidAuthToken, status: 401)
        expectError(try console.call(method, parts[1], [], auth: .header("wrong")), Message.unauthorized, status: 401)
    }

    @Test("canarytokens/fetch lists every token as fetch shows it, optionally one flock's")
    func fetchAll() throws {
        let console = try TestConsole()
        let first = try console.createToken(kind: "http")
        let second = try console.createToken(kind: "dns", [("flock_id", TestConsole.otherFlock)])
        let reply = try console.call(.get, ConsolePaths.fetchAll, [], via: .query)
        #expect(reply.status == 200)
        #expect(reply.keys == ["result", "tokens"])
        // Same fixed clock: ties are ordered by id.
        #expect(reply.json["tokens"]?.arrayValue == [first.token, second.token].sorted {
            ($0["canarytoken"]?.stringValue ?? "") < ($1["canarytoken"]?.stringValue ?? "")
        })
        let other = try console.call(.get, ConsolePaths.fetchAll, [("flock_id", TestConsole.otherFlock)], via: .query)
        #expect(ids(other, "tokens") == [second.id])
        let empty = try console.call(.get, ConsolePaths.fetchAll, [("flock_id", "flock:default"), ("include_endpoints", "True")], via: .query)
        #expect(ids(empty, "tokens") == [first.id])
        expectError(
            try console.call(.get, ConsolePaths.fetchAll, [("flock_id", TestConsole.unknownFlock)], via: .query),
            Message.noFlock, status: 400)
    }

    @Test("paginate walks every token by cursor; the last page answers cursor {}")
    func paginate() throws {
        let console = try TestConsole()
        let all = try makeTokens(console, 5).sorted()  // one fixed clock: oldest first is id order
        let first = try console.call(.get, ConsolePaths.paginate, [("limit", "2")], via: .query)
        #expect(first.status == 200)
        #expect(first.keys == ["canarytokens", "cursor", "page_num", "page_total", "result"])
        #expect(ids(first) == Array(all[0..<2]))
        #expect(first.json["page_num"] == 1)
        #expect(first.json["page_total"] == 3)
        let next = try #require(first.json["cursor"]?["next"]?.stringValue)
        #expect(next == "Mjoy")  // base64("2:2")
        #expect(first.json["cursor"]?["next_link"]?.stringValue
            == "http://localhost/api/v1/canarytokens/paginate?cursor=\(next)&limit=2")
        #expect(first.json["cursor"]?["prev"] == .null)
        #expect(first.json["cursor"]?["prev_link"] == .null)

        let second = try console.call(.get, ConsolePaths.paginate, [("cursor", next)], via: .query)
        #expect(ids(second) == Array(all[2..<4]))
        #expect(second.json["page_num"] == 2)
        #expect(second.json["cursor"]?["prev"]?.stringValue == Base64Cursor.encode([1, 2]))
        let third = try console.call(
            .get, ConsolePaths.paginate, [("cursor", try #require(second.json["cursor"]?["next"]?.stringValue))], via: .query)
        #expect(ids(third) == [all[4]])
        #expect(third.json["cursor"] == .object([:]))
        #expect(third.json["page_num"] == 3)
    }

    @Test("paginate: default limit 10, limit clamped to 2500, empty console has one empty page, flock filter")
    func paginateLimits() throws {
        let console = try TestConsole()
        let empty = try console.call(.get, ConsolePaths.paginate, [], via: .query)
        #expect(empty.json["canarytokens"] == [])
        #expect(empty.json["page_total"] == 1)
        #expect(empty.json["cursor"] == .object([:]))
        let all = try makeTokens(console, 11).sorted()
        let page = try console.call(.get, ConsolePaths.paginate, [], via: .query)
        #expect(ids(page).count == 10)
        #expect(page.json["page_total"] == 2)
        let big = try console.call(.get, ConsolePaths.paginate, [("limit", "99999"), ("render_transients", "True")], via: .query)
        #expect(ids(big) == all)
        #expect(big.json["cursor"] == .object([:]))
        let other = try console.call(.get, ConsolePaths.paginate, [("flock_id", TestConsole.otherFlock)], via: .query)
        #expect(other.json["canarytokens"] == [])
        expectError(
            try console.call(.get, ConsolePaths.paginate, [("flock_id", TestConsole.unknownFlock)], via: .query),
            Message.noFlock, status: 400)
    }

    @Test("paginate rejects a bad cursor or limit", arguments: [
        ("cursor", "not base64!"), ("cursor", "next"), ("cursor", Base64Cursor.encode([0, 2])),
        ("cursor", Base64Cursor.encode([1, 0])), ("cursor", Base64Cursor.encode([1, 2, 3])),
        ("cursor", Base64Cursor.encode([1, 2501])), ("limit", "0"), ("limit", "-1"), ("limit", "ten"), ("limit", "1.5"),
    ])
    func paginateBad(_ name: String, _ value: String) throws {
        let console = try TestConsole()
        expectError(
            try console.call(.get, ConsolePaths.paginate, [(name, value)], via: .query), Message.badParameters, status: 400)
    }

    @Test("The cursor is base64 of colon-separated integers, with or without padding")
    func cursorCoding() {
        #expect(Base64Cursor.decode("MToxMjozOjQ6Mjo0") == [1, 12, 3, 4, 2, 4])
        #expect(Base64Cursor.encode([1, 12, 3, 4, 2, 4]) == "MToxMjozOjQ6Mjo0")
        for numbers in [[1], [2, 2], [10, 2500], [123, 45, 6]] {
            #expect(Base64Cursor.decode(Base64Cursor.encode(numbers)) == numbers)
            #expect(Base64Cursor.decode(Base64Cursor.encode(numbers) + "==") == numbers)
        }
        #expect(Base64Cursor.decode("") == nil)
        #expect(Base64Cursor.decode("bmV4dA") == nil)  // "next"
    }

    @Test("search filters by word prefix of id and memo, kind and active, and counts results")
    func search() throws {
        let console = try TestConsole()
        let alpha = try console.createToken(kind: "http", memo: "Finance share, laptop-42")
        let beta = try console.createToken(kind: "dns", memo: "HR laptop")
        let gamma = try console.createToken(kind: "dns", memo: "printer")
        #expect(try console.call(.post, ConsolePaths.disable, [("canarytoken", gamma.id)]).status == 200)
        func sorted(_ ids: String...) -> [String] { ids.sorted() }
        func search(_ parameters: [(String, String)]) throws -> Reply {
            try console.call(.get, ConsolePaths.search, parameters, via: .query)
        }
        let reply = try search([("search_string", "LAP")])
        #expect(reply.keys == ["canarytokens", "cursor", "page_number", "result", "total_pages", "total_results"])
        #expect(ids(reply) == sorted(alpha.id, beta.id))
        #expect(reply.json["total_results"] == 2)
        #expect(reply.json["total_pages"] == 1)
        #expect(reply.json["page_number"] == 1)
        #expect(reply.json["cursor"] == .object([:]))
        #expect(reply.json["canarytokens"]?[0]?["unacked_alert_count"] == 0)
        #expect(ids(try search([("search_string", "42")])) == [alpha.id])
        #expect(ids(try search([("search_string", "aptop")])) == [])
        #expect(ids(try search([("search_string", "fin lap")])) == [alpha.id])
        #expect(ids(try search([("search_string", String(beta.id.prefix(6)))])) == [beta.id])
        #expect(ids(try search([("kind", "dns")])) == sorted(beta.id, gamma.id))
        #expect(ids(try search([("kind", "dns"), ("active", "false")])) == [gamma.id])
        #expect(ids(try search([("active", "True")])) == sorted(alpha.id, beta.id))
        #expect(ids(try search([])) == sorted(alpha.id, beta.id, gamma.id))
        let paged = try console.call(
            .get, ConsolePaths.search, [("kind", "dns"), ("limit", "1")], via: .query)
        #expect(paged.json["total_pages"] == 2)
        #expect(paged.json["cursor"]?["next_link"]?.stringValue
            == "http://localhost/api/v1/canarytokens/search?cursor=\(Base64Cursor.encode([2, 1]))&limit=1&kind=dns")
        expectError(try search([("active", "maybe")]), Message.badParameters, status: 400)
        expectError(try search([("cursor", "%%%")]), Message.badParameters, status: 400)
        expectError(try search([("flock_id", TestConsole.unknownFlock)]), Message.noFlock, status: 400)
    }

    @Test("search refuses a search_string over 1,024 characters or 32 distinct words; repeats count once")
    func searchCaps() throws {
        let console = try TestConsole()
        let alpha = try console.createToken(kind: "http", memo: "Finance share, laptop-42")
        let beta = try console.createToken(kind: "dns", memo: "HR laptop")
        func search(_ text: String) throws -> Reply {
            try console.call(.get, ConsolePaths.search, [("search_string", text)], via: .query)
        }
        func ids(_ reply: Reply) -> [String] { self.ids(reply).sorted() }
        #expect(SearchTokensHandler.maxSearchLength == 1024)
        #expect(SearchTokensHandler.maxSearchWords == 32)
        expectError(try search(String(repeating: "a", count: 1025)), Message.badParameters, status: 400)
        #expect(ids(try search(String(repeating: "a", count: 1024))) == [])
        // Repeated words (in any case) count once: 255 x "lap" is one word and answers as "LAP" does.
        let repeated = Array(repeating: "lap", count: 128).joined(separator: " ") + " "
            + Array(repeating: "LAP", count: 127).joined(separator: " ")
        #expect(repeated.count == 1019)
        #expect(ids(try search(repeated)) == [alpha.id, beta.id].sorted())
        // 32 distinct words that all start a word of alpha's memo or its id: the answer is alpha's.
        let memoPrefixes = ["finance", "share", "laptop", "42"].flatMap { word in
            (1...word.count).map { String(word.prefix($0)) }
        }
        #expect(memoPrefixes.count == 20)
        var words = memoPrefixes
        var length = 0
        while words.count < 33 {  // prefixes of alpha's id, skipping any the memo words already gave
            length += 1
            let prefix = String(alpha.id.prefix(length))
            if !words.contains(prefix) { words.append(prefix) }
        }
        let thirtyTwo = words.prefix(32).joined(separator: " ")
        #expect(ids(try search(thirtyTwo)) == [alpha.id])
        #expect(ids(try search(thirtyTwo + " " + thirtyTwo.uppercased())) == [alpha.id])
        expectError(try search(words.joined(separator: " ")), Message.badParameters, status: 400)
        #expect(try SearchTokensHandler.queryWords("A a, b-A") == ["a", "b"])
    }
}
