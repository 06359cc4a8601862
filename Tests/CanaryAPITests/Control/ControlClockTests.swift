import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: GET/POST/DELETE /_mock/clock, the console's wall clock")
struct ControlClockTests {
    /// 2020-01-01 00:00:00 UTC.
    static let newYear2020: Int64 = 1_577_836_800

    /// The clock's answer, written out by hand.
    static func clock(_ now: String, _ printable: String, real: Bool) -> JSONValue {
        ["now": .string(now), "now_printable": .string(printable), "real": .bool(real), "result": "success"]
    }

    /// `POST /_mock/clock` with form fields; must succeed.
    static func post(_ console: ControlConsole, _ form: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> JSONValue
    {
        let reply = try console.control(.post, "/_mock/clock", form: form, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return reply.json
    }

    @Test("GET shows the console's clock, unmoved and real; DELETE on an unmoved clock changes nothing")
    func showUnmoved() throws {
        let console = try ControlConsole()
        let real = Self.clock(TestConsole.created, TestConsole.createdPrintable, real: true)
        #expect(try console.control(.get, "/_mock/clock").json == real)
        #expect(try console.control(.delete, "/_mock/clock").json == real)
        #expect(try console.control(.get, "/_mock/clock").json == real)
    }

    @Test("now sets the clock: tokens, factories, flocks and the journal are stamped with it")
    func setNow() throws {
        let console = try ControlConsole()
        #expect(try Self.post(console, [("now", "1577836800")])
            == Self.clock("1577836800.000000", "2020-01-01 00:00:00 (UTC)", real: false))
        #expect(try console.control(.get, "/_mock/clock").json
            == Self.clock("1577836800.000000", "2020-01-01 00:00:00 (UTC)", real: false))

        let created = try console.send(.make(
            .post, "/api/v1/canarytoken/create", query: [("auth_token", TestConsole.authToken)],
            form: [("memo", "clock"), ("kind", "dns")]))
        #expect(created.json["canarytoken"]?["created"] == "1577836800.000000")
        #expect(created.json["canarytoken"]?["created_printable"] == "2020-01-01 00:00:00 (UTC)")
        let id = try #require(created.json["canarytoken"]?["canarytoken"]?.stringValue)
        let fetched = try console.send(.make(
            .get, "/api/v1/canarytoken/fetch", query: [("auth_token", TestConsole.authToken), ("canarytoken", id)]))
        #expect(fetched.json["token"]?["created"] == "1577836800.000000")
        #expect(fetched.json["token"]?["created_printable"] == "2020-01-01 00:00:00 (UTC)")

        let factory = try console.send(.make(
            .post, "/api/v1/canarytoken/create_factory", query: [("auth_token", TestConsole.authToken)],
            form: [("memo", "clock factory")]))
        let factoryAuth = try #require(factory.json["factory_auth"]?.stringValue)
        #expect(try console.store.factory(factoryAuth)?.createdMicros == Self.newYear2020 * 1_000_000)
        let flock = try console.send(.make(
            .post, "/api/v1/flock/create", query: [("auth_token", TestConsole.authToken)], form: [("name", "Clock")]))
        let flockID = try #require(flock.json["flock_id"]?.stringValue)
        #expect(try console.store.flocks().first { $0.flockID == flockID }?.createdMicros == Self.newYear2020 * 1_000_000)
        #expect(try console.entries().map { $0["time"] } == Array(repeating: "2020-01-01T00:00:00.000000Z", count: 4))
    }

    @Test("now takes decimals to the microsecond, from a JSON body, a form or the query string")
    func setNowTransports() throws {
        let console = try ControlConsole()
        let fromJSON = try console.send(.json(.post, "/_mock/clock", ["now": 1_577_836_800.25]))
        #expect(fromJSON.json == Self.clock("1577836800.250000", "2020-01-01 00:00:00 (UTC)", real: false))
        #expect(try Self.post(console, [("now", "1577836861.123456")])
            == Self.clock("1577836861.123456", "2020-01-01 00:01:01 (UTC)", real: false))
        let fromQuery = try console.control(.post, "/_mock/clock", query: [("now", "0")])
        #expect(fromQuery.json == Self.clock("0.000000", "1970-01-01 00:00:00 (UTC)", real: false))
        #expect(try Self.post(console, [("now", "253402300799")])
            == Self.clock("253402300799.000000", "9999-12-31 23:59:59 (UTC)", real: false))
        #expect(try console.createToken().isEmpty == false)
        #expect(try console.store.tokens(flockID: nil).first?.createdMicros == 253_402_300_799_000_000)
    }

    @Test("advance moves the clock forwards and back from where it is, moved or not")
    func advance() throws {
        let console = try ControlConsole()
        // TestConsole.now is 2020-04-06 08:21:55.087693.
        #expect(try Self.post(console, [("advance", "3600")])
            == Self.clock("1586164915.087693", "2020-04-06 09:21:55 (UTC)", real: false))
        #expect(try Self.post(console, [("advance", "-86400.5")])
            == Self.clock("1586078514.587693", "2020-04-05 09:21:54 (UTC)", real: false))
        #expect(try console.send(.json(.post, "/_mock/clock", ["advance": 0])).json
            == Self.clock("1586078514.587693", "2020-04-05 09:21:54 (UTC)", real: false))
        _ = try Self.post(console, [("now", "1577836800")])
        #expect(try Self.post(console, [("advance", "-1577836800")])
            == Self.clock("0.000000", "1970-01-01 00:00:00 (UTC)", real: false))
        let id = try console.createToken()
        #expect(try console.store.token(id)?.createdMicros == 0)
    }

    @Test("DELETE returns to the console's own time and answers real: true")
    func deleteReturns() throws {
        let console = try ControlConsole()
        _ = try Self.post(console, [("now", "1577836800")])
        let reply = try console.control(.delete, "/_mock/clock")
        #expect(reply.status == 200)
        #expect(reply.json == Self.clock(TestConsole.created, TestConsole.createdPrintable, real: true))
        let id = try console.createToken()
        #expect(try console.store.token(id)?.createdMicros == TestConsole.now)
    }

    @Test("On the system clock, a set clock keeps running from the time set; DELETE returns to real time")
    func systemClock() throws {
        let api = ConsoleAPI(context: ConsoleContext(store: try ConsoleStore(path: ":memory:"), configuration: MockConfiguration()))
        let set = try Reply(api.respond(to: .make(.post, "/_mock/clock", form: [("now", "1577836800")])))
        #expect(set.json == Self.clock("1577836800.000000", "2020-01-01 00:00:00 (UTC)", real: false))
        let shown = try Reply(api.respond(to: .make(.get, "/_mock/clock")))
        let shownMicros = try #require(shown.json["now"]?.stringValue.flatMap { Double($0) })
        #expect(shownMicros >= 1_577_836_800 && shownMicros < 1_577_836_860)
        #expect(shown.json["real"] == false)
        let before = WallClock.systemMicros()
        let back = try Reply(api.respond(to: .make(.delete, "/_mock/clock")))
        let after = WallClock.systemMicros()
        let backMicros = try #require(back.json["now"]?.stringValue.flatMap { Double($0) }.map { Int64($0 * 1_000_000) })
        // Within a few microseconds of reading the decimal text back through a Double.
        #expect(backMicros >= before - 5 && backMicros <= after + 5)
        #expect(back.json["real"] == true)
    }

    @Test("Each console owns its clock: moving one leaves another alone")
    func perConsole() throws {
        let moved = try ControlConsole()
        let other = try ControlConsole()
        _ = try Self.post(moved, [("now", "1577836800")])
        #expect(other.context.now() == TestConsole.now)
        #expect(try other.control(.get, "/_mock/clock").json["real"] == true)
    }

    @Test("POST /_mock/reset leaves the clock where it is and stamps the re-applied rows with it")
    func resetKeepsClock() throws {
        let console = try ControlConsole()
        _ = try Self.post(console, [("now", "1577836800")])
        #expect(try console.control(.post, "/_mock/reset").status == 200)
        #expect(try console.control(.get, "/_mock/clock").json
            == Self.clock("1577836800.000000", "2020-01-01 00:00:00 (UTC)", real: false))
        let flock = try #require(try console.store.flocks().first { $0.flockID == TestConsole.otherFlock })
        #expect(flock.createdMicros == Self.newYear2020 * 1_000_000)
    }

    static let nowRange = "now must be Unix seconds from 0 to 253402300799 (9999-12-31 23:59:59 UTC)."
    static let advanceRange = "advance must be seconds from -253402300799 to 253402300799."
    static let keepRange = "advance must keep the clock from 0 to 253402300799 (1970-01-01 to 9999-12-31 23:59:59 UTC)."
    static let exactlyOne = "Give exactly one of now and advance."

    static let refused: [(form: [(String, String)], message: String)] = [
        ([], exactlyOne),
        ([("now", "1577836800"), ("advance", "60")], exactlyOne),
        ([("when", "1577836800")], "Unknown field when; known fields: advance, now."),
        ([("now", "1577836800"), ("speed", "2")], "Unknown field speed; known fields: advance, now."),
        ([("now", "-1")], nowRange),
        ([("now", "-0.000001")], nowRange),
        ([("now", "253402300800")], nowRange),
        ([("now", "253402300799.5")], nowRange),
        ([("now", "yesterday")], nowRange),
        ([("now", "")], nowRange),
        ([("now", "nan")], nowRange),
        ([("now", "inf")], nowRange),
        ([("advance", "253402300800")], advanceRange),
        ([("advance", "-253402300800")], advanceRange),
        ([("advance", "1h")], advanceRange),
        ([("advance", "-1586161316")], keepRange),
        ([("advance", "251816139485")], keepRange),
    ]

    @Test("Refuses a request without exactly one of now and advance, an unknown field, or a time out of range",
          arguments: refused)
    func refusals(form: [(String, String)], message: String) throws {
        let console = try ControlConsole()
        expectError(try console.control(.post, "/_mock/clock", form: form), message, status: 400)
        #expect(console.context.now() == TestConsole.now)
        #expect(console.context.clock.isMoved == false)
    }

    @Test("Refuses JSON values of the wrong kind and a body that is not one object")
    func refusedJSON() throws {
        let console = try ControlConsole()
        expectError(try console.send(.json(.post, "/_mock/clock", ["now": true])), Self.nowRange, status: 400)
        expectError(try console.send(.json(.post, "/_mock/clock", ["advance": ["1"]])), Self.advanceRange, status: 400)
        expectError(try console.send(.json(.post, "/_mock/clock", ["now": .null])), Self.exactlyOne, status: 400)
        expectError(try console.send(.json(.post, "/_mock/clock", [1])), "The body must be one JSON object.", status: 400)
        #expect(console.context.clock.isMoved == false)
    }

    @Test("With admin_token, GET, POST and DELETE need the header; refused requests move nothing")
    func admin() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        for admin in [nil, "wrong-admin-token", TestConsole.authToken] {
            expectError(try console.control(.get, "/_mock/clock", admin: admin), "Invalid admin token", status: 401)
            expectError(
                try console.control(.post, "/_mock/clock", form: [("now", "1577836800")], admin: admin),
                "Invalid admin token", status: 401)
            expectError(try console.control(.delete, "/_mock/clock", admin: admin), "Invalid admin token", status: 401)
        }
        #expect(console.context.clock.isMoved == false)
        let set = try console.control(.post, "/_mock/clock", form: [("now", "1577836800")], admin: ControlConsole.adminToken)
        #expect(set.json == Self.clock("1577836800.000000", "2020-01-01 00:00:00 (UTC)", real: false))
        expectError(try console.control(.delete, "/_mock/clock"), "Invalid admin token", status: 401)
        #expect(try console.control(.get, "/_mock/clock", admin: ControlConsole.adminToken).json["real"] == false)
        #expect(try console.control(.delete, "/_mock/clock", admin: ControlConsole.adminToken).json["real"] == true)
    }
}
