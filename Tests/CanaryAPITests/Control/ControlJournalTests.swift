import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: GET/DELETE /_mock/requests, the request journal")
struct ControlJournalTests {
    @Test("An entry has exactly its fields: id, time, method, path, parameters, files, auth_header, status, duration, fault")
    func entryShape() throws {
        let console = try ControlConsole()
        #expect(console.ping().status.code == 200)
        let reply = try console.journal()
        #expect(reply.keys == ["capacity", "recorded", "requests", "result"])
        #expect(reply.json["result"] == "success")
        #expect(reply.json["capacity"] == 1000)
        #expect(reply.json["recorded"] == 1)
        let entries = try #require(reply.json["requests"]?.arrayValue)
        #expect(entries.count == 1)
        let entry = try #require(entries.first?.objectValue)
        #expect(Set(entry.keys) == [
            "auth_header", "duration_ms", "fault_id", "files", "id", "method", "parameters", "path", "status", "time",
        ])
        #expect(entry["id"] == 1)
        #expect(entry["time"] == .string(journalTime))
        #expect(entry["method"] == "GET")
        #expect(entry["path"] == "/api/v1/ping")
        #expect(entry["parameters"] == ["auth_token": "<redacted>"])
        #expect(entry["files"] == [])
        #expect(entry["auth_header"] == false)
        #expect(entry["status"] == 200)
        #expect(entry["fault_id"] == .null)
        let duration = try #require(entry["duration_ms"]?.doubleValue)
        #expect(duration >= 0)
    }

    @Test("Every secret parameter is redacted, from the query, a form and a multipart body alike", arguments: Transport.allCases)
    func redaction(_ transport: Transport) throws {
        let console = try ControlConsole()
        let secrets = ["auth_token", "factory_auth", "aws_access_key", "aws_secret_key", "aws_session_token"]
        let request = transport.request(
            .post, "/api/v1/canarytoken/create", secrets.map { ($0, "secret-\($0)") } + [("memo", "kept"), ("kind", "dns")])
        let response = console.raw(request)
        #expect(response.status.code == 401)  // the key is wrong: the journal records refused requests too
        let entry = try #require(try console.entries().last)
        var expected: [String: JSONValue] = ["memo": "kept", "kind": "dns"]
        for name in secrets { expected[name] = "<redacted>" }
        #expect(entry["parameters"] == .object(expected))
        #expect(!String(decoding: JSONWriter.encode(entry), as: UTF8.self).contains("secret-"))
    }

    @Test("A repeated name lists every value in order; a repeated secret is redacted each time")
    func repeatedNames() throws {
        let console = try ControlConsole()
        _ = console.raw(.make(
            .get, "/api/v1/ping",
            query: [("auth_token", TestConsole.authToken), ("tag", "a"), ("tag", "b"), ("auth_token", "x")],
            form: [("tag", "c")]))
        let entry = try #require(try console.entries().first)
        #expect(entry["parameters"] == ["auth_token": ["<redacted>", "<redacted>"], "tag": ["a", "b", "c"]])
    }

    @Test("Values over 1024 characters are cut there and marked with their size in bytes")
    func longValues() throws {
        let console = try ControlConsole()
        let long = String(repeating: "é", count: 1030)
        _ = console.raw(.make(.get, "/api/v1/ping", query: [("memo", long), ("short", String(repeating: "x", count: 1024))]))
        let entry = try #require(try console.entries().first)
        #expect(entry["parameters"]?["memo"] == .string(String(repeating: "é", count: 1024) + "…(2060 bytes)"))
        #expect(entry["parameters"]?["short"] == .string(String(repeating: "x", count: 1024)))
    }

    @Test("Long parameter names, file names and content types are cut like values, so an entry stays small")
    func longNames() throws {
        let console = try ControlConsole()
        let name = String(repeating: "n", count: 200_000)
        _ = console.raw(.make(.post, "/api/v1/ping", form: [(name, "v")]))
        var body = MultipartBody()
        let filename = String(repeating: "f", count: 2000) + ".gif"
        let type = "image/" + String(repeating: "t", count: 2000)
        body.addFile(String(repeating: "p", count: 2000), filename: filename, contentType: type, bytes: [1, 2, 3])
        _ = console.raw(.make(.post, "/api/v1/ping", multipart: body))
        let entries = try console.entries()
        #expect(entries.count == 2)
        let cutName = String(repeating: "n", count: 1024) + "…(200000 bytes)"
        #expect(entries.first?["parameters"] == .object([cutName: "v"]))
        #expect(entries.last?["files"] == [[
            "name": .string(String(repeating: "p", count: 1024) + "…(2000 bytes)"),
            "filename": .string(String(repeating: "f", count: 1024) + "…(2004 bytes)"),
            "content_type": .string(String(type.prefix(1024)) + "…(2006 bytes)"),
            "size": 3,
        ]])
    }

    @Test("A body over maxKeptBodyBytes (summarised when recorded) shows the same as a small one (decoded when listed)")
    func largeBodiesSummarised() throws {
        let console = try ControlConsole()
        for size in [16, RequestJournal.maxKeptBodyBytes + 1] {
            var body = MultipartBody()
            body.addField("auth_token", "secret-key")
            body.addField("memo", "upload")
            body.addFile("web_image", filename: "big.gif", contentType: "image/gif", bytes: [UInt8](repeating: 7, count: size))
            _ = console.raw(.make(.post, "/api/v1/ping", multipart: body))
        }
        let entries = try console.entries()
        #expect(entries.count == 2)
        for (entry, size) in zip(entries, [16, RequestJournal.maxKeptBodyBytes + 1]) {
            #expect(entry["parameters"] == .object(["auth_token": "<redacted>", "memo": "upload"]))
            #expect(entry["files"] == [[
                "name": "web_image", "filename": "big.gif", "content_type": "image/gif", "size": .int(size),
            ]])
        }
    }

    @Test("Parameters that cannot be decoded are recorded as null, with the request's own answer")
    func undecodable() throws {
        let console = try ControlConsole()
        let response = console.raw(.rawBody(
            .post, "/api/v1/ping", Array("not a multipart body".utf8), contentType: "multipart/form-data; boundary=xyz"))
        let entry = try #require(try console.entries().first)
        #expect(entry["parameters"] == .null)
        #expect(entry["files"] == [])
        #expect(entry["status"] == .int(response.status.code))
        #expect(response.status.code == 400)
    }

    @Test("File parts are recorded by name, file name, content type and size, never their bytes")
    func files() throws {
        let console = try ControlConsole()
        var body = MultipartBody()
        body.addField("memo", "logo")
        body.addField("kind", "web-image")
        body.addFile("web_image", filename: "pixel.gif", contentType: "image/gif", bytes: Images.gif89a)
        let response = console.raw(.make(
            .post, "/api/v1/canarytoken/create", query: [("auth_token", TestConsole.authToken)], multipart: body))
        #expect(response.status.code == 200)
        let entry = try #require(try console.entries().first)
        #expect(entry["files"] == [
            ["name": "web_image", "filename": "pixel.gif", "content_type": "image/gif", "size": .int(Images.gif89a.count)],
        ])
        #expect(entry["parameters"] == ["auth_token": "<redacted>", "memo": "logo", "kind": "web-image"])
    }

    @Test("auth_header says whether X-Canary-Auth-Token was sent, never its value")
    func authHeader() throws {
        let console = try ControlConsole()
        _ = console.raw(.make(.get, "/api/v1/ping", headers: [("X-Canary-Auth-Token", TestConsole.authToken)]))
        _ = console.raw(.make(.get, "/api/v1/ping"))
        let entries = try console.entries()
        #expect(entries.map { $0["auth_header"] } == [true, false])
        #expect(entries.map { $0["status"] } == [200, 401])
        #expect(entries.map { $0["parameters"] } == [[:], [:]])
        #expect(!String(decoding: JSONWriter.encode(.array(entries)), as: UTF8.self).contains(TestConsole.authToken))
    }

    @Test("Unknown paths and wrong methods are recorded with their status")
    func errorsRecorded() throws {
        let console = try ControlConsole()
        _ = console.raw(.make(.get, "/api/v1/nowhere"))
        _ = console.raw(.make(.delete, "/api/v1/ping"))
        let entries = try console.entries()
        #expect(entries.map { $0["path"] } == ["/api/v1/nowhere", "/api/v1/ping"])
        #expect(entries.map { $0["method"] } == ["GET", "DELETE"])
        #expect(entries.map { $0["status"] } == [404, 405])
    }

    @Test("Requests under /_mock/ are never recorded")
    func controlNotRecorded() throws {
        let console = try ControlConsole()
        _ = try console.control(.get, "/_mock/health")
        _ = try console.control(.get, "/_mock/state")
        _ = try console.control(.get, "/_mock/faults")
        _ = try console.control(.delete, "/_mock/faults")
        _ = try console.control(.post, "/_mock/reset")
        _ = try console.journal()
        _ = try console.control(.get, "/_mock/nothing-here")
        let reply = try console.journal()
        #expect(reply.json["requests"] == [])
        #expect(reply.json["recorded"] == 0)
    }

    @Test("Filters: path exact, path prefix ending in *, method in any case, and both at once")
    func filters() throws {
        let console = try ControlConsole()
        _ = console.ping()                                                        // 1 GET ping
        let id = try console.createToken()                                        // 2 POST create
        _ = console.raw(.make(.get, "/api/v1/canarytoken/fetch",
                              query: [("auth_token", TestConsole.authToken), ("canarytoken", id)]))  // 3 GET fetch
        _ = console.raw(.make(.post, "/api/v1/ping", query: [("auth_token", TestConsole.authToken)]))  // 4 POST ping
        func ids(_ query: [(String, String)]) throws -> [JSONValue?] { try console.entries(query).map { $0["id"] } }
        #expect(try ids([]) == [1, 2, 3, 4])
        #expect(try ids([("path", "/api/v1/ping")]) == [1, 4])
        #expect(try ids([("path", "/api/v1/canarytoken/*")]) == [2, 3])
        #expect(try ids([("path", "/api/v1/canarytoken")]) == [])
        #expect(try ids([("path", "*")]) == [1, 2, 3, 4])
        #expect(try ids([("method", "post")]) == [2, 4])
        #expect(try ids([("method", "GET"), ("path", "/api/v1/ping")]) == [1])
        #expect(try ids([("method", "PUT")]) == [])
        // The filters narrow the list only: capacity and recorded stay the journal's.
        let filtered = try console.journal([("method", "PUT")])
        #expect(filtered.json["recorded"] == 4)
        #expect(filtered.json["capacity"] == 1000)
    }

    @Test("An unknown filter is an error naming it")
    func unknownFilter() throws {
        let console = try ControlConsole()
        let reply = try console.control(.get, "/_mock/requests", query: [("status", "200")])
        expectError(reply, "Unknown field status; known fields: limit, method, path, since.", status: 400)
    }

    @Test("The ring keeps the last journal_size requests; recorded counts every one")
    func ringBound() throws {
        let console = try ControlConsole(["journal_size": 3])
        for _ in 0..<7 { _ = console.ping() }
        let reply = try console.journal()
        #expect(reply.json["capacity"] == 3)
        #expect(reply.json["recorded"] == 7)
        #expect(reply.json["requests"]?.arrayValue?.map { $0["id"] } == [5, 6, 7])
        // Wrapping around more than once keeps the order oldest first.
        for _ in 0..<5 { _ = console.ping() }
        #expect(try console.entries().map { $0["id"] } == [10, 11, 12])
    }

    @Test("journal_size 0 keeps nothing")
    func sizeZero() throws {
        let console = try ControlConsole(["journal_size": 0])
        for _ in 0..<3 { _ = console.ping() }
        let reply = try console.journal()
        #expect(reply.json["capacity"] == 0)
        #expect(reply.json["requests"] == [])
        #expect(reply.json["recorded"] == 0)
        let cleared = try console.control(.delete, "/_mock/requests")
        #expect(cleared.json == ["cleared": 0, "result": "success"])
    }

    @Test("DELETE answers how many entries went; ids continue after a clear and recorded keeps counting")
    func clear() throws {
        let console = try ControlConsole(["journal_size": 2])
        for _ in 0..<3 { _ = console.ping() }
        let cleared = try console.control(.delete, "/_mock/requests")
        #expect(cleared.status == 200)
        #expect(cleared.text == "{\n  \"cleared\": 2,\n  \"result\": \"success\"\n}\n")
        let empty = try console.journal()
        #expect(empty.json["requests"] == [])
        #expect(empty.json["recorded"] == 3)
        _ = console.ping()
        #expect(try console.entries().map { $0["id"] } == [4])
        #expect(try console.journal().json["recorded"] == 4)
        #expect(try console.control(.delete, "/_mock/requests").json["cleared"] == 1)
        #expect(try console.control(.delete, "/_mock/requests").json["cleared"] == 0)
    }

    // MARK: - Bounds (issue 11)

    /// `count` parameters `p00`… of 1,024 `x`: 1,027 bytes each, so 15 fit in `maxEntryBytes` (16,384).
    static func wideForm(_ count: Int) -> [(String, String)] {
        (0..<count).map { (ControlJournalTests.name($0, 2), String(repeating: "x", count: 1024)) }
    }

    /// `p` and `index` in `digits` digits: `p07`.
    static func name(_ index: Int, _ digits: Int) -> String {
        let text = String(index)
        return "p" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    @Test("An entry shows the parameters that fit in maxEntryBytes and a cut marker with the request's totals",
          arguments: [20, 70])  // 20: kept as it came (~20 KB body); 70: over maxKeptBodyBytes, summarised at once
    func entryByteCap(_ count: Int) throws {
        let console = try ControlConsole()
        _ = console.raw(.make(.post, "/api/v1/ping", form: ControlJournalTests.wideForm(count)))
        let entry = try #require(try console.entries().first?.objectValue)
        #expect(RequestJournal.maxEntryBytes == 16_384)
        var expected: [String: JSONValue] = [:]
        for (name, value) in ControlJournalTests.wideForm(15) { expected[name] = .string(value) }
        #expect(entry["parameters"] == .object(expected))
        #expect(entry["cut"] == ["parameters": .int(count), "files": 0, "bytes": .int(count * 1027)])
        #expect(Set(entry.keys) == [
            "auth_header", "cut", "duration_ms", "fault_id", "files", "id", "method", "parameters", "path", "status",
            "time",
        ])
    }

    @Test("File parts count against maxEntryBytes after the parameters; secrets count as their redaction")
    func entryByteCapFiles() throws {
        let console = try ControlConsole()
        var body = MultipartBody()
        body.addField("auth_token", "a-secret-key-of-some-length")
        for index in 0..<15 { body.addField(ControlJournalTests.name(index, 2), String(repeating: "x", count: 1024)) }
        body.addFile("f1", filename: "a.gif", contentType: "image/gif", bytes: [1])  // 16 bytes: fits in what is left
        body.addFile("f2", filename: String(repeating: "n", count: 1024), contentType: "image/gif", bytes: [1])
        _ = console.raw(.make(.post, "/api/v1/ping", multipart: body))
        let entry = try #require(try console.entries().first)
        #expect(entry["parameters"]?["auth_token"] == "<redacted>")
        #expect(entry["parameters"]?.objectValue?.count == 16)
        #expect(entry["files"] == [["name": "f1", "filename": "a.gif", "content_type": "image/gif", "size": 1]])
        // auth_token + <redacted> = 20, 15 x 1,027, then 2 + 5 + 9 and 2 + 1,024 + 9.
        #expect(entry["cut"] == ["parameters": 16, "files": 2, "bytes": .int(20 + 15 * 1027 + 16 + 1035)])
    }

    @Test("Under a flood of large requests the ring stays within its byte budget, evicting the oldest first")
    func byteBudget() throws {
        let journal = RequestJournal(capacity: 1000, maxBytes: 100_000)
        // A kept request costs the overhead, method, path, body and its target twice (as target, path and query).
        let request = HTTPRequest(method: .post, target: "/p", body: [UInt8](repeating: 0x61, count: 10_000))
        let cost = RequestJournal.entryOverheadBytes + 4 + 2 + 10_000 + 2 * 2
        for _ in 0..<50 {
            journal.record(request, limits: HTTPLimits(), status: 401, duration: 0, timeMicros: 0, faultID: nil)
            #expect(journal.byteCount <= 100_000)
        }
        #expect(journal.entries().map(\.id) == Array(42...50))
        #expect(journal.byteCount == 9 * cost)
        #expect(journal.recordedCount == 50)
        // The newest entry stays even alone over the budget.
        let tiny = RequestJournal(capacity: 10, maxBytes: 1)
        tiny.record(request, limits: HTTPLimits(), status: 200, duration: 0, timeMicros: 0, faultID: nil)
        tiny.record(request, limits: HTTPLimits(), status: 200, duration: 0, timeMicros: 0, faultID: nil)
        #expect(tiny.entries().map(\.id) == [2])
        #expect(tiny.byteCount == cost)
        #expect(tiny.clear() == 1)
        #expect(tiny.byteCount == 0)
    }

    @Test("Summaries of 100-parameter bodies cost what they show, not what was sent")
    func summaryFlood() throws {
        let console = try ControlConsole()
        let form = (0..<100).map { (ControlJournalTests.name($0, 3), String(repeating: "x", count: 1024)) }
        for _ in 0..<10 { #expect(console.raw(.make(.post, "/api/v1/canarytoken/create", form: form)).status.code == 401) }
        let journal = console.context.journal
        // 15 parameters of 1,028 bytes (+ 64 each for the strings), the overhead, POST and the path.
        #expect(journal.byteCount == 10 * (15 * (1028 + 64) + RequestJournal.entryOverheadBytes + 4 + 26))
        let entries = try console.entries()
        #expect(entries.count == 10)
        #expect(entries.allSatisfy { $0["cut"] == ["parameters": 100, "files": 0, "bytes": .int(100 * 1028)] })
    }

    @Test("limit and since page the listing; next_since appears only while more entries match")
    func paging() throws {
        let console = try ControlConsole()
        for _ in 0..<5 { _ = console.ping() }
        let first = try console.journal([("limit", "2")])
        #expect(first.keys == ["capacity", "next_since", "recorded", "requests", "result"])
        #expect(first.json["requests"]?.arrayValue?.map { $0["id"] } == [1, 2])
        #expect(first.json["next_since"] == 2)
        #expect(first.json["recorded"] == 5)
        let second = try console.journal([("since", "2"), ("limit", "2")])
        #expect(second.json["requests"]?.arrayValue?.map { $0["id"] } == [3, 4])
        #expect(second.json["next_since"] == 4)
        let last = try console.journal([("since", "4"), ("limit", "2")])
        #expect(last.keys == ["capacity", "recorded", "requests", "result"])
        #expect(last.json["requests"]?.arrayValue?.map { $0["id"] } == [5])
        #expect(try console.entries([("since", "5")]) == [])
        #expect(try console.entries([("since", "3")]).map { $0["id"] } == [4, 5])
        #expect(try console.journal([("limit", "5")]).keys == ["capacity", "recorded", "requests", "result"])
        // Filters apply before the limit.
        _ = console.raw(.make(.post, "/api/v1/ping"))
        let posts = try console.journal([("method", "POST"), ("limit", "1")])
        #expect(posts.json["requests"]?.arrayValue?.map { $0["id"] } == [6])
        #expect(posts.keys == ["capacity", "recorded", "requests", "result"])
        let badLimit = try console.control(.get, "/_mock/requests", query: [("limit", "0")])
        expectError(badLimit, "limit must be a whole number from 1 to 100000.", status: 400)
        let badSince = try console.control(.get, "/_mock/requests", query: [("since", "-1")])
        expectError(badSince, "since must be a whole number from 0 to \(Int.max).", status: 400)
    }

    @Test("A listing stops near maxListingBytes and points at the rest with next_since")
    func listingByteBound() throws {
        let console = try ControlConsole()
        // 15 values of 1,024 control characters per entry: each \u0001 in JSON, about 93 KB an entry.
        let form = (0..<15).map { (ControlJournalTests.name($0, 2), String(repeating: "\u{01}", count: 1024)) }
        for _ in 0..<60 { _ = console.raw(.make(.post, "/api/v1/ping", form: form)) }
        let first = try console.journal()
        #expect(first.text.utf8.count <= RequestsHandler.maxListingBytes)
        let ids = try #require(first.json["requests"]?.arrayValue?.compactMap { $0["id"]?.intValue })
        #expect(ids.count > 30 && ids.count < 60, "\(ids.count)")
        #expect(ids == Array(1...ids.count))
        #expect(first.json["next_since"] == .int(ids.count))
        let rest = try console.journal([("since", "\(ids.count)")])
        #expect(rest.json["requests"]?.arrayValue?.compactMap { $0["id"]?.intValue } == Array((ids.count + 1)...60))
        #expect(rest.json["next_since"] == nil)
    }

    @Test("A path over 1,024 characters is kept cut, with the marker, and filters match the cut path")
    func longPath() throws {
        let console = try ControlConsole()
        let path = "/api/v1/" + String(repeating: "p", count: 60_000)
        #expect(console.raw(.make(.get, path)).status.code == 404)
        let cut = String(path.prefix(1024)) + "…(60008 bytes)"
        #expect(try console.entries().map { $0["path"] } == [.string(cut)])
        #expect(try console.entries([("path", cut)]).count == 1)
    }

    @Test("Other methods on /_mock/requests get 405")
    func methods() throws {
        let console = try ControlConsole()
        let reply = try console.control(.post, "/_mock/requests")
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "DELETE, GET, HEAD")
    }
}
