import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: POST/GET/DELETE /_mock/faults, fault injection")
struct ControlFaultsTests {
    static let ping = "/api/v1/ping"

    // MARK: - Adding and listing

    @Test("POST answers the rule with every field: defaults filled in, method null, no limit")
    func minimalRule() throws {
        let console = try ControlConsole()
        let reply = try console.addFault(["path": "/api/v1/ping", "status": 500, "seed": 42])
        #expect(reply.status == 200)
        #expect(reply.json == [
            "result": "success",
            "rule": [
                "id": 1, "path": "/api/v1/ping", "method": nil, "status": 500, "message": "Internal server error",
                "latency_ms": 0, "drop": false, "remaining": nil, "probability": 1.0, "seed": 42, "matched": 0,
                "applied": 0,
            ],
        ])
    }

    @Test("POST answers every field given, the method uppercased; GET lists the rules in creation order")
    func fullRuleAndList() throws {
        let console = try ControlConsole()
        let first = try console.addFault([
            "path": "/api/v1/canarytoken/*", "method": "post", "status": 503, "message": "try later",
            "retry_after": 7, "latency_ms": 5, "count": 2, "probability": 0.5, "seed": 9,
        ])
        let rule: JSONValue = [
            "id": 1, "path": "/api/v1/canarytoken/*", "method": "POST", "status": 503, "message": "try later",
            "retry_after": 7, "latency_ms": 5, "drop": false, "remaining": 2, "probability": 0.5, "seed": 9,
            "matched": 0, "applied": 0,
        ]
        #expect(first.json == ["result": "success", "rule": rule])
        let second = try console.addFault(["path": "/api/v1/ping", "drop": true, "seed": 0])
        let dropRule: JSONValue = [
            "id": 2, "path": "/api/v1/ping", "method": nil, "status": nil, "latency_ms": 0, "drop": true,
            "remaining": nil, "probability": 1.0, "seed": 0, "matched": 0, "applied": 0,
        ]
        #expect(second.json == ["result": "success", "rule": dropRule])
        let list = try console.control(.get, "/_mock/faults")
        #expect(list.status == 200)
        #expect(list.json == ["result": "success", "rules": [rule, dropRule]])
    }

    @Test("Fields may come as form fields or in the query string, as text")
    func formFields() throws {
        let console = try ControlConsole()
        let form = try console.control(.post, "/_mock/faults", form: [
            ("path", "/api/v1/ping"), ("status", "429"), ("count", "1"), ("probability", "1"), ("seed", "3"),
            ("latency_ms", "0"),
        ])
        #expect(form.status == 200, "\(form.text)")
        #expect(form.json["rule"] == [
            "id": 1, "path": "/api/v1/ping", "method": nil, "status": 429, "message": "Too many requests",
            "retry_after": 1, "latency_ms": 0, "drop": false, "remaining": 1, "probability": 1.0, "seed": 3,
            "matched": 0, "applied": 0,
        ])
        let query = try console.control(.post, "/_mock/faults", query: [("path", "/x"), ("drop", "true"), ("seed", "4")])
        #expect(query.status == 200, "\(query.text)")
        #expect(query.json["rule"]?["drop"] == true)
        // A JSON body takes fields it lacks from the query string.
        let mixed = try console.send(.json(.post, "/_mock/faults", ["status": 500], query: [("path", "/y")]))
        #expect(mixed.json["rule"]?["path"] == "/y")
        #expect(mixed.json["rule"]?["status"] == 500)
    }

    @Test("Without a seed the rule gets a random one and shows it")
    func randomSeed() throws {
        let console = try ControlConsole()
        let reply = try console.addFault(["path": "/api/v1/ping", "status": 500])
        let seed = try #require(reply.json["rule"]?["seed"]?.intValue)
        #expect(seed >= 0)
    }

    /// A status, the message a rule gives it by default and its default retry_after.
    struct DefaultAnswer: Sendable, CustomTestStringConvertible {
        let status: Int
        let message: String
        let retryAfter: Int?
        var testDescription: String { String(status) }
    }

    @Test(
        "Each status has its default message; 429 and 503 get retry_after 1",
        arguments: [
            DefaultAnswer(status: 400, message: "Could not process the parameters", retryAfter: nil),
            DefaultAnswer(status: 401, message: "Invalid auth_token", retryAfter: nil),
            DefaultAnswer(status: 404, message: "Could not find the Canarytoken", retryAfter: nil),
            DefaultAnswer(status: 429, message: "Too many requests", retryAfter: 1),
            DefaultAnswer(status: 500, message: "Internal server error", retryAfter: nil),
            DefaultAnswer(status: 502, message: "Bad Gateway", retryAfter: nil),
            DefaultAnswer(status: 503, message: "Service Unavailable", retryAfter: 1),
            DefaultAnswer(status: 418, message: "I'm a teapot", retryAfter: nil),
        ])
    func defaultMessages(_ expected: DefaultAnswer) throws {
        let console = try ControlConsole()
        let rule = try #require(try console.addFault(["path": "/api/v1/ping", "status": .int(expected.status)]).json["rule"])
        #expect(rule["message"] == .string(expected.message))
        #expect(rule["retry_after"] == expected.retryAfter.map { .int($0) })
        let answer = try console.send(.make(.get, Self.ping, query: [("auth_token", TestConsole.authToken)]))
        expectError(answer, expected.message, status: expected.status)
        #expect(answer.response.headers["Retry-After"] == expected.retryAfter.map(String.init))
    }

    // MARK: - Errors

    /// A request body and the exact message it gets.
    struct BadRule: Sendable, CustomTestStringConvertible {
        let body: JSONValue
        let message: String
        var testDescription: String { message }
    }

    static let badRules: [BadRule] = [
        BadRule(body: ["status": 500], message: "path is required and starts with / (end it with * to match a prefix)."),
        BadRule(body: ["path": "api/v1/ping", "status": 500],
                message: "path is required and starts with / (end it with * to match a prefix)."),
        BadRule(body: ["path": 5, "status": 500], message: "path must be a string."),
        BadRule(body: ["path": "/x", "status": 500, "method": "P0ST"], message: "method must be a method name such as POST."),
        BadRule(body: ["path": "/x", "status": 500, "method": ""], message: "method must be a method name such as POST."),
        BadRule(body: ["path": "/x", "status": 99], message: "status must be a whole number from 200 to 599."),
        BadRule(body: ["path": "/x", "status": 101], message: "status must be a whole number from 200 to 599."),
        BadRule(body: ["path": "/x", "status": 204], message: "status must not be 204 or 304: those answers carry no body."),
        BadRule(body: ["path": "/x", "status": 304], message: "status must not be 204 or 304: those answers carry no body."),
        BadRule(body: ["path": "/x", "status": 600], message: "status must be a whole number from 200 to 599."),
        BadRule(body: ["path": "/x", "status": "five"], message: "status must be a whole number from 200 to 599."),
        BadRule(body: ["path": "/x", "status": 500.5], message: "status must be a whole number from 200 to 599."),
        BadRule(body: ["path": "/x", "latency_ms": 30001], message: "latency_ms must be a whole number from 0 to 30000."),
        BadRule(body: ["path": "/x", "latency_ms": -1], message: "latency_ms must be a whole number from 0 to 30000."),
        BadRule(body: ["path": "/x", "drop": "maybe"], message: "drop must be true or false."),
        BadRule(body: ["path": "/x"], message: "Give at least one of status, latency_ms or drop."),
        BadRule(body: ["path": "/x", "latency_ms": 0, "drop": false],
                message: "Give at least one of status, latency_ms or drop."),
        BadRule(body: ["path": "/x", "drop": true, "status": 500], message: "drop and status exclude each other."),
        BadRule(body: ["path": "/x", "status": 429, "retry_after": -1],
                message: "retry_after must be a whole number from 0 to 86400."),
        BadRule(body: ["path": "/x", "status": 500, "message": 5], message: "message must be a string."),
        BadRule(body: ["path": "/x", "status": 500, "count": 0], message: "count must be a whole number from 1 to 2147483647."),
        BadRule(body: ["path": "/x", "status": 500, "probability": 1.5], message: "probability must be a number from 0.0 to 1.0."),
        BadRule(body: ["path": "/x", "status": 500, "probability": "often"],
                message: "probability must be a number from 0.0 to 1.0."),
        BadRule(body: ["path": "/x", "status": 500, "seed": -1],
                message: "seed must be a whole number from 0 to 9223372036854775807."),
        BadRule(body: ["path": "/x", "status": 500, "statuss": 1],
                message: "Unknown field statuss; known fields: count, drop, latency_ms, message, method, path, probability, retry_after, seed, status."),
    ]

    @Test("A bad rule is refused with a message naming the field", arguments: badRules)
    func badRule(_ bad: BadRule) throws {
        let console = try ControlConsole()
        expectError(try console.addFault(bad.body), bad.message, status: 400)
        #expect(console.context.faults.all.isEmpty)
    }

    @Test("A body that is not one JSON object is refused", arguments: ["[1, 2]", "{\"path\": ", "\"text\"", ""])
    func notAnObject(_ body: String) throws {
        let console = try ControlConsole()
        let reply = try console.send(.rawBody(.post, "/_mock/faults", Array(body.utf8), contentType: "application/json"))
        expectError(reply, "The body must be one JSON object.", status: 400)
    }

    @Test("At most 1000 rules at once")
    func tooMany() throws {
        let console = try ControlConsole()
        for _ in 0..<1000 { _ = console.raw(.json(.post, "/_mock/faults", ["path": "/x", "status": 500, "seed": 1])) }
        expectError(
            try console.addFault(["path": "/x", "status": 500]), "Too many fault rules (1000); DELETE /_mock/faults first.",
            status: 400)
        #expect(try console.control(.delete, "/_mock/faults").json["removed"] == 1000)
        #expect(try console.addFault(["path": "/x", "status": 500]).json["rule"]?["id"] == 1001)
    }

    @Test("message, path and method over 1,024 characters are refused naming the field and the limit; 1,024 is kept",
          arguments: ["message", "path", "method"])
    func textCap(_ field: String) throws {
        let console = try ControlConsole()
        let start = field == "path" ? "/" : ""
        var rule: [String: JSONValue] = ["path": "/api/v1/ping", "status": 500]
        rule[field] = .string(start + String(repeating: "M", count: 1025 - start.count))
        expectError(try console.addFault(.object(rule)), "\(field) must be at most 1024 characters.", status: 400)
        // 1,024 characters of two bytes each: the limit counts characters, not bytes.
        let value = start + String(repeating: "é", count: 1024 - start.count)
        rule[field] = .string(value)
        let accepted = try console.addFault(.object(rule))
        #expect(accepted.status == 200, "\(accepted.text)")
        #expect(accepted.json["rule"]?[field] == .string(field == "method" ? value.uppercased() : value))
        #expect(FaultRules.maxTextLength == 1024)
    }

    @Test("Thirty refused 1 MB messages leave the rule list empty")
    func hugeMessages() throws {
        let console = try ControlConsole()
        let huge = String(repeating: "m", count: 1_000_000)
        for _ in 0..<30 {
            let reply = try console.addFault(["path": "/api/v1/ping", "status": 500, "message": .string(huge)])
            expectError(reply, "message must be at most 1024 characters.", status: 400)
        }
        #expect(try console.control(.get, "/_mock/faults").json == ["result": "success", "rules": []])
    }

    // MARK: - Applying

    @Test("count limits the faults; a spent rule stops matching and its counters show it")
    func exhaustion() throws {
        let console = try ControlConsole()
        let id = try console.fault(["path": "/api/v1/ping", "status": 500, "count": 2, "seed": 1])
        let statuses = (0..<4).map { _ in console.ping().status.code }
        #expect(statuses == [500, 500, 200, 200])
        let rule = try #require(try console.control(.get, "/_mock/faults").json["rules"]?[0])
        #expect(rule["id"] == .int(id))
        #expect(rule["matched"] == 2)
        #expect(rule["applied"] == 2)
        #expect(rule["remaining"] == 0)
        let entries = try console.entries()
        #expect(entries.map { $0["fault_id"] } == [.int(id), .int(id), .null, .null])
        #expect(entries.map { $0["status"] } == [500, 500, 200, 200])
    }

    @Test("The first matching rule that is not spent answers; a later one takes over when it is spent")
    func firstMatchingRule() throws {
        let console = try ControlConsole()
        let first = try console.fault(["path": "/api/v1/*", "status": 503, "count": 1, "seed": 1])
        let second = try console.fault(["path": "/api/v1/ping", "status": 429, "count": 1, "seed": 1])
        #expect(console.ping().status.code == 503)
        #expect(console.ping().status.code == 429)
        #expect(console.ping().status.code == 200)
        #expect(try console.entries().map { $0["fault_id"] } == [.int(first), .int(second), .null])
        let rules = try #require(try console.control(.get, "/_mock/faults").json["rules"]?.arrayValue)
        #expect(rules.map { $0["matched"] } == [1, 1])
        #expect(rules.map { $0["applied"] } == [1, 1])
    }

    @Test("A rule matches only its method and its path (exact, or prefix with *)")
    func matching() throws {
        let console = try ControlConsole()
        try console.fault(["path": "/api/v1/canarytoken/*", "method": "POST", "status": 500, "seed": 1])
        try console.fault(["path": "/api/v1/flocks/list", "status": 404, "seed": 1])
        #expect(console.ping().status.code == 200)
        let create = console.raw(.make(.post, "/api/v1/canarytoken/create", query: [("auth_token", TestConsole.authToken)],
                                       form: [("memo", "m"), ("kind", "dns")]))
        #expect(create.status.code == 500)
        let fetch = console.raw(.make(.get, "/api/v1/canarytoken/fetch", query: [("auth_token", TestConsole.authToken)]))
        #expect(fetch.status.code == 404)  // the API's own answer: no canarytoken given
        #expect(console.raw(.make(.get, "/api/v1/flocks/list", query: [("auth_token", TestConsole.authToken)])).status.code == 404)
        #expect(console.raw(.make(.get, "/api/v1/flocks/listing")).status.code == 404)
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.entries().map { $0["fault_id"] } == [.null, 1, .null, 2, .null])
        let rules = try #require(try console.control(.get, "/_mock/faults").json["rules"]?.arrayValue)
        #expect(rules.map { $0["matched"] } == [1, 1])
    }

    @Test("Rules never touch /_mock/ paths, even a rule for every path")
    func controlPathsExempt() throws {
        let console = try ControlConsole()
        try console.fault(["path": "/*", "status": 500, "seed": 1])
        try console.fault(["path": "/_mock/state", "drop": true, "seed": 1])
        #expect(try console.control(.get, "/_mock/state").status == 200)
        #expect(try console.control(.get, "/_mock/health").status == 200)
        #expect(try console.control(.get, "/_mock/faults").json["rules"]?.arrayValue?.map { $0["matched"] } == [0, 0])
        #expect(console.ping().status.code == 500)
    }

    @Test("429 carries Retry-After; retry_after sets it on any status; without it other statuses have none")
    func retryAfter() throws {
        let console = try ControlConsole()
        try console.fault(["path": "/a", "status": 429, "seed": 1])
        try console.fault(["path": "/b", "status": 500, "retry_after": 5, "seed": 1])
        try console.fault(["path": "/c", "status": 429, "retry_after": 0, "seed": 1])
        try console.fault(["path": "/d", "status": 500, "seed": 1])
        let a = try console.send(.make(.get, "/a"))
        expectError(a, "Too many requests", status: 429)
        #expect(a.response.headers["Retry-After"] == "1")
        #expect(try console.send(.make(.get, "/b")).response.headers["Retry-After"] == "5")
        #expect(try console.send(.make(.get, "/c")).response.headers["Retry-After"] == "0")
        #expect(try console.send(.make(.get, "/d")).response.headers["Retry-After"] == nil)
    }

    @Test("A custom message replaces the default one")
    func customMessage() throws {
        let console = try ControlConsole()
        try console.fault(["path": "/api/v1/ping", "status": 400, "message": "Could not save Canarydrop", "seed": 1])
        expectError(try console.send(.make(.get, Self.ping)), "Could not save Canarydrop", status: 400)
    }

    @Test("drop answers nothing and closes the connection; the journal records status 0 and the rule")
    func drop() throws {
        let console = try ControlConsole()
        let id = try console.fault(["path": "/api/v1/ping", "drop": true, "count": 1, "seed": 1])
        let dropped = console.ping()
        #expect(dropped.dropsConnection)
        #expect(dropped.body.isEmpty)
        let next = console.ping()
        #expect(!next.dropsConnection)
        #expect(next.status.code == 200)
        let entries = try console.entries()
        #expect(entries.map { $0["status"] } == [0, 200])
        #expect(entries.map { $0["fault_id"] } == [.int(id), .null])
    }

    @Test("A latency-only rule lets the API answer normally afterwards; with a status it answers the error")
    func latency() throws {
        let console = try ControlConsole()
        let id = try console.fault(["path": "/api/v1/ping", "latency_ms": 1, "count": 1, "seed": 1])
        let rule = try #require(try console.control(.get, "/_mock/faults").json["rules"]?[0])
        #expect(rule["status"] == .null)
        #expect(rule.objectValue?.keys.contains("message") == false)
        #expect(rule.objectValue?.keys.contains("retry_after") == false)
        #expect(rule["latency_ms"] == 1)
        let delayed = try console.send(.make(.get, Self.ping, query: [("auth_token", TestConsole.authToken)]))
        #expect(delayed.status == 200)
        #expect(delayed.text == "{\n  \"result\": \"success\"\n}\n")
        let entry = try #require(try console.entries().first)
        #expect(entry["fault_id"] == .int(id))
        #expect(entry["status"] == 200)
        try console.fault(["path": "/api/v1/ping", "latency_ms": 1, "status": 503, "seed": 1])
        expectError(try console.send(.make(.get, Self.ping)), "Service Unavailable", status: 503)
    }

    // MARK: - Probability and seeds

    /// The statuses of `count` pings on a fresh console with one rule of probability 0.3 and `seed`.
    static func statuses(seed: Int, count: Int = 200) throws -> (statuses: [Int], rule: JSONValue) {
        let console = try ControlConsole()
        try console.fault(["path": "/api/v1/ping", "status": 500, "probability": 0.3, "seed": .int(seed)])
        let statuses = (0..<count).map { _ in console.ping().status.code }
        let rule = try #require(try console.control(.get, "/_mock/faults").json["rules"]?[0])
        return (statuses, rule)
    }

    @Test("Two fresh consoles with the same seed fail the same requests; another seed fails others")
    func seededProbability() throws {
        let first = try Self.statuses(seed: 7)
        let again = try Self.statuses(seed: 7)
        let other = try Self.statuses(seed: 8)
        #expect(first.statuses == again.statuses)
        #expect(first.statuses != other.statuses)
        let failures = first.statuses.filter { $0 == 500 }.count
        #expect(Set(first.statuses) == [200, 500])
        // 0.3 of 200 is 60; a fair generator stays well inside this band.
        #expect((30...90).contains(failures), "\(failures) failures")
        #expect(first.rule["matched"] == 200)
        #expect(first.rule["applied"] == .int(failures))
    }

    @Test("probability 0 never fires but counts matches; probability 1 always fires")
    func probabilityBounds() throws {
        let console = try ControlConsole()
        try console.fault(["path": "/api/v1/ping", "status": 500, "probability": 0, "seed": 1])
        try console.fault(["path": "/api/v1/ping", "status": 503, "probability": 1, "seed": 1])
        #expect((0..<10).map { _ in console.ping().status.code } == Array(repeating: 503, count: 10))
        let rules = try #require(try console.control(.get, "/_mock/faults").json["rules"]?.arrayValue)
        #expect(rules.map { $0["matched"] } == [10, 10])
        #expect(rules.map { $0["applied"] } == [0, 10])
    }

    @Test("SplitMix64 gives the reference outputs for seed 0")
    func splitMixReference() {
        // The published SplitMix64 reference (Vigna, splitmix64.c) seeded with 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    // MARK: - Removing

    @Test("DELETE removes every rule, or the one named by id, and answers how many went")
    func remove() throws {
        let console = try ControlConsole()
        let first = try console.fault(["path": "/api/v1/ping", "status": 500, "seed": 1])
        let second = try console.fault(["path": "/api/v1/ping", "status": 503, "seed": 1])
        try console.fault(["path": "/x", "status": 503, "seed": 1])
        let one = try console.control(.delete, "/_mock/faults", query: [("id", String(first))])
        #expect(one.status == 200)
        #expect(one.text == "{\n  \"removed\": 1,\n  \"result\": \"success\"\n}\n")
        #expect(console.ping().status.code == 503)
        #expect(try console.control(.get, "/_mock/faults").json["rules"]?.arrayValue?.map { $0["id"] } == [.int(second), 3])
        #expect(try console.control(.delete, "/_mock/faults", query: [("id", "99")]).json == ["removed": 0, "result": "success"])
        #expect(try console.control(.delete, "/_mock/faults").json == ["removed": 2, "result": "success"])
        #expect(console.ping().status.code == 200)
        #expect(try console.control(.get, "/_mock/faults").json == ["result": "success", "rules": []])
        // Ids are not reused.
        #expect(try console.fault(["path": "/x", "status": 500, "seed": 1]) == 4)
    }

    @Test("DELETE refuses a bad id and unknown fields")
    func removeErrors() throws {
        let console = try ControlConsole()
        expectError(
            try console.control(.delete, "/_mock/faults", query: [("id", "0")]),
            "id must be a whole number from 1 to 9223372036854775807.", status: 400)
        expectError(
            try console.control(.delete, "/_mock/faults", query: [("rule", "1")]), "Unknown field rule; known fields: id.",
            status: 400)
    }

    @Test("Other methods on /_mock/faults get 405")
    func methods() throws {
        let console = try ControlConsole()
        let reply = try console.control(.put, "/_mock/faults")
        #expect(reply.status == 405)
        #expect(reply.response.headers["Allow"] == "DELETE, GET, HEAD, POST")
    }
}
