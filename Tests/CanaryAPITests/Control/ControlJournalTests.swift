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
        expectError(reply, "Unknown field status; known fields: method, path.", status: 400)
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

    @Test("Other methods on /_mock/requests get 405")
    func methods() throws {
        let console = try ControlConsole()
        let reply = try console.control(.post, "/_mock/requests")
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "DELETE, GET, HEAD")
    }
}
