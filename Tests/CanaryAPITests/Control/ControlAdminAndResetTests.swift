import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Control API: admin_token on /_mock/, and POST /_mock/reset with keep=flocks and reseed=true")
struct ControlAdminAndResetTests {
    /// Every control route but health, each with a request that succeeds when the admin token is given.
    static let guarded: [(method: HTTPMethod, path: String, form: [(String, String)]?)] = [
        (.post, "/_mock/reset", nil),
        (.get, "/_mock/state", nil),
        (.get, "/_mock/requests", nil),
        (.delete, "/_mock/requests", nil),
        (.get, "/_mock/faults", nil),
        (.post, "/_mock/faults", [("path", "/api/v1/ping"), ("status", "500"), ("seed", "1")]),
        (.delete, "/_mock/faults", nil),
        (.get, "/_mock/clock", nil),
        (.post, "/_mock/clock", [("advance", "0")]),
        (.delete, "/_mock/clock", nil),
    ]

    @Test("With admin_token, every control route but health answers 401 without the header or with a wrong one")
    func adminRefused() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        let id = try console.createToken()
        for route in Self.guarded {
            for admin in [nil, "wrong-admin-token", "", ControlConsole.adminToken.uppercased(), TestConsole.authToken] {
                let reply = try console.control(route.method, route.path, form: route.form, admin: admin)
                expectError(reply, "Invalid admin token", status: 401)
            }
        }
        // Refused requests changed nothing: no reset, no rule, the journal kept.
        #expect(try console.store.token(id) != nil)
        #expect(console.context.faults.all.isEmpty)
        #expect(console.context.journal.entries().count == 1)
        // The Console's key in the query string is not the admin token either.
        let byKey = try console.control(.get, "/_mock/state", query: [("auth_token", TestConsole.authToken)])
        expectError(byKey, "Invalid admin token", status: 401)
    }

    @Test("With admin_token, every control route answers 200 with the header")
    func adminAccepted() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        for route in Self.guarded {
            let reply = try console.control(route.method, route.path, form: route.form, admin: ControlConsole.adminToken)
            #expect(reply.status == 200, "\(route.method) \(route.path): \(reply.text)")
            #expect(reply.json["result"] == "success")
        }
    }

    @Test("Health stays open with admin_token; the Console API needs only its own key")
    func healthOpen() throws {
        let console = try ControlConsole(["admin_token": .string(ControlConsole.adminToken)])
        let health = try console.control(.get, "/_mock/health")
        #expect(health.status == 200)
        #expect(health.json["status"] == "ok")
        #expect(try console.control(.get, "/_mock/health", admin: "wrong").status == 200)
        #expect(console.ping().status.code == 200)
    }

    @Test("Without admin_token no header is needed")
    func noAdminToken() throws {
        let console = try ControlConsole()
        #expect(console.configuration.adminToken == nil)
        for route in Self.guarded {
            #expect(try console.control(route.method, route.path, form: route.form).status == 200, "\(route.path)")
        }
    }

    // MARK: - Reset

    @Test("keep=flocks keeps every flock, created ones too; tokens and factories go, configured factories come back")
    func keepFlocks() throws {
        let console = try ControlConsole()
        let created = try console.send(.make(
            .post, "/api/v1/flock/create", query: [("auth_token", TestConsole.authToken)], form: [("name", "Made Later")]))
        let flockID = try #require(created.json["flock_id"]?.stringValue)
        _ = try console.createToken()
        _ = try console.send(.make(
            .post, "/api/v1/canarytoken/create_factory", query: [("auth_token", TestConsole.authToken)],
            form: [("memo", "made later")]))
        _ = try console.send(.make(
            .delete, "/api/v1/canarytoken/delete_factory",
            query: [("auth_token", TestConsole.authToken), ("factory_auth", TestConsole.factoryAuth)]))

        let reply = try console.control(.post, "/_mock/reset", query: [("keep", "flocks")])
        #expect(reply.status == 200)
        #expect(reply.text == "{\n  \"result\": \"success\"\n}\n")
        #expect(Set(try console.store.flocks().map(\.flockID)) == ["flock:default", TestConsole.otherFlock, flockID])
        #expect(try console.store.flock(flockID)?.name == "Made Later")
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.store.currentUpdatedID() == 0)
        let factories = try console.store.factories(includeDeleted: true)
        #expect(Set(factories.map(\.factoryAuth)) == [TestConsole.factoryAuth, TestConsole.otherFlockFactoryAuth])
        #expect(factories.allSatisfy { !$0.isDeleted })
    }

    @Test("A plain reset drops created flocks and keeps the configured ones")
    func plainReset() throws {
        let console = try ControlConsole()
        _ = try console.send(.make(
            .post, "/api/v1/flock/create", query: [("auth_token", TestConsole.authToken)], form: [("name", "Made Later")]))
        #expect(try console.control(.post, "/_mock/reset").status == 200)
        #expect(Set(try console.store.flocks().map(\.flockID)) == ["flock:default", TestConsole.otherFlock])
    }

    @Test("reset?reseed=true restores the seed file's rows with their ids and times, and drops everything else")
    func reseed() throws {
        let seed = try SeedFile.parse(Array(ControlSeeds.document.utf8), path: "seed.json")
        let console = try ControlConsole(seed: seed)
        let before = try ControlSeeds.rows(console.store)
        #expect(before.tokens.count == 4)
        let extra = try console.createToken(memo: "not in the seed")
        _ = try console.send(.make(
            .post, "/api/v1/canarytoken/delete",
            query: [("auth_token", TestConsole.authToken), ("canarytoken", ControlSeeds.httpID)]))
        _ = try console.send(.make(
            .post, "/api/v1/canarytoken/update",
            query: [("auth_token", TestConsole.authToken), ("canarytoken", ControlSeeds.dnsID), ("memo", "changed")]))
        #expect(try console.store.token(ControlSeeds.httpID) == nil)

        let reply = try console.control(.post, "/_mock/reset", form: [("reseed", "true")])
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json == ["result": "success"])
        #expect(try console.store.token(extra) == nil)
        let after = try ControlSeeds.rows(console.store)
        #expect(after.flocks == before.flocks)
        #expect(after.factories == before.factories)
        #expect(after.tokens.map(ControlSeeds.seedGiven) == before.tokens.map(ControlSeeds.seedGiven))
        let http = try #require(try console.store.token(ControlSeeds.httpID))
        #expect(http.createdMicros == 1_500_000_000_123_456)
        #expect(http.flockID == ControlSeeds.flockID)
        #expect(try console.store.token(ControlSeeds.dnsID)?.memo == "seeded dns")
        #expect(try console.store.token(ControlSeeds.dnsID)?.enabled == false)
        // The configured flocks and factories come back too.
        #expect(try console.store.flockExists(TestConsole.otherFlock))
        #expect(try console.store.factory(TestConsole.factoryAuth) != nil)
    }

    @Test("keep=flocks and reseed=true together: created flocks stay, seeded rows come back")
    func keepAndReseed() throws {
        let seed = try SeedFile.parse(Array(ControlSeeds.document.utf8), path: "seed.json")
        let console = try ControlConsole(seed: seed)
        let created = try console.send(.make(
            .post, "/api/v1/flock/create", query: [("auth_token", TestConsole.authToken)], form: [("name", "Later")]))
        let flockID = try #require(created.json["flock_id"]?.stringValue)
        let reply = try console.send(.json(.post, "/_mock/reset", ["keep": "flocks", "reseed": true]))
        #expect(reply.status == 200, "\(reply.text)")
        #expect(try console.store.flockExists(flockID))
        #expect(try console.store.flockExists(ControlSeeds.flockID))
        #expect(try console.store.tokenCount() == 4)
    }

    @Test(
        "Reset refuses what it does not understand, changing nothing",
        arguments: [
            ([("keep", "tokens")], "keep must be flocks."),
            ([("reseed", "maybe")], "reseed must be true or false."),
            ([("reseed", "true")], "reseed=true needs a seed file (--seed or the config key seed)."),
            ([("everything", "1")], "Unknown field everything; known fields: keep, reseed."),
        ])
    func resetErrors(_ query: [(String, String)], message: String) throws {
        let console = try ControlConsole()
        let id = try console.createToken()
        expectError(try console.control(.post, "/_mock/reset", query: query), message, status: 400)
        #expect(try console.store.token(id) != nil)
    }

    @Test("reseed=false without a seed file is a plain reset")
    func reseedFalse() throws {
        let console = try ControlConsole()
        _ = try console.createToken()
        #expect(try console.control(.post, "/_mock/reset", query: [("reseed", "false")]).status == 200)
        #expect(try console.store.tokenCount() == 0)
    }
}
