import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Auth: the auth_token parameter and the X-Canary-Auth-Token header")
struct AuthenticatorTests {
    /// Every endpoint that takes the API key, with parameters that would succeed.
    static let keyedEndpoints: [(HTTPMethod, String, [Pair])] = [
        (.get, Paths.ping, []),
        (.post, Paths.create, [.init("memo", "m"), .init("kind", "dns")]),
        (.get, Paths.fetch, [.init("canarytoken", "placeholder")]),
        (.post, Paths.createFactory, [.init("memo", "m")]),
        (.delete, Paths.deleteFactory, [.init("factory_auth", TestConsole.otherFlockFactoryAuth)]),
    ]

    @Test("Accepts the auth_token parameter from the query string, a form body or multipart", arguments: Transport.allCases)
    func parameter(_ transport: Transport) throws {
        let console = try TestConsole()
        let reply = try console.send(transport.request(.post, Paths.ping, [("auth_token", TestConsole.authToken)]))
        #expect(reply.status == 200)
    }

    @Test(
        "Accepts the header with its name in any case",
        arguments: ["X-Canary-Auth-Token", "x-canary-auth-token", "X-CANARY-AUTH-TOKEN", "x-Canary-auth-TOKEN"])
    func headerAnyCase(name: String) throws {
        let console = try TestConsole()
        let reply = try console.call(.get, Paths.ping, [], via: .query, auth: .header(name, TestConsole.authToken))
        #expect(reply.status == 200)
        let (_, id) = try console.createToken(kind: "dns")
        let fetched = try console.call(.get, Paths.fetch, [("canarytoken", id)], via: .query, auth: .header(name, TestConsole.authToken))
        #expect(fetched.status == 200)
    }

    @Test("A present auth_token decides: wrong parameter + valid header → Invalid auth_token")
    func parameterDecides() throws {
        let console = try TestConsole()
        let request = HTTPRequest.make(
            .get, Paths.ping, query: [("auth_token", "wrong")], headers: [("X-Canary-Auth-Token", TestConsole.authToken)])
        expectError(try console.send(request), Message.invalidAuthToken, status: 401)
        let empty = HTTPRequest.make(
            .get, Paths.ping, query: [("auth_token", "")], headers: [("X-Canary-Auth-Token", TestConsole.authToken)])
        expectError(try console.send(empty), Message.invalidAuthToken, status: 401)
    }

    @Test("A valid auth_token wins over a wrong header")
    func parameterWinsOverHeader() throws {
        let console = try TestConsole()
        let request = HTTPRequest.make(
            .get, Paths.ping, query: [("auth_token", TestConsole.authToken)], headers: [("X-Canary-Auth-Token", "wrong")])
        #expect(try console.send(request).status == 200)
    }

    @Test("No parameter and a wrong header → Unauthorized (401)", arguments: ["wrong", "", TestConsole.authToken.uppercased()])
    func wrongHeader(value: String) throws {
        let console = try TestConsole()
        let reply = try console.call(.get, Paths.ping, [], via: .query, auth: .header(value))
        expectError(reply, Message.unauthorized, status: 401)
    }

    @Test("Nothing at all → Invalid auth_token (401)")
    func nothing() throws {
        let console = try TestConsole()
        expectError(try console.send(.make(.get, Paths.ping)), Message.invalidAuthToken, status: 401)
        expectError(try console.send(.make(.post, Paths.ping, form: [("memo", "x")])), Message.invalidAuthToken, status: 401)
    }

    @Test(
        "Refuses near misses of a configured key",
        arguments: [
            "", "test-auth-toke", "test-auth-tokenn", "TEST-AUTH-TOKEN", " test-auth-token", "test-auth-token ",
            "test-auth-token\u{0}", "second-auth-token,test-auth-token",
        ])
    func nearMisses(token: String) throws {
        let console = try TestConsole()
        expectError(
            try console.call(.get, Paths.ping, [], via: .query, auth: .parameter(token)), Message.invalidAuthToken, status: 401)
    }

    @Test("Accepts each of several configured keys, on every endpoint", arguments: [TestConsole.authToken, TestConsole.secondAuthToken])
    func severalTokens(token: String) throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns")
        for (method, path, parameters) in Self.keyedEndpoints {
            let fixed = parameters.map { $0.name == "canarytoken" ? Pair("canarytoken", id) : $0 }
            let reply = try console.call(method, path, fixed.map(\.tuple), via: .query, auth: .parameter(token))
            #expect(reply.status == 200, "\(method) \(path): \(reply.text)")
        }
    }

    @Test("Defaults to canary-mock-auth-token when none is configured")
    func defaultToken() throws {
        let console = try TestConsole(["auth_tokens": nil])
        #expect(console.configuration.usesDefaultAuthToken)
        let ok = try console.call(.get, Paths.ping, [], via: .query, auth: .parameter("canary-mock-auth-token"))
        #expect(ok.status == 200)
        let old = try console.call(.get, Paths.ping, [], via: .query, auth: .parameter(TestConsole.authToken))
        expectError(old, Message.invalidAuthToken, status: 401)
    }

    @Test("A factory auth string is not an auth_token on any endpoint")
    func factoryStringIsNotAKey() throws {
        let console = try TestConsole()
        let created = try console.newFactory()
        for factory in [TestConsole.factoryAuth, created] {
            for (method, path, parameters) in Self.keyedEndpoints {
                let asParameter = try console.call(method, path, parameters.map(\.tuple), via: .query, auth: .parameter(factory))
                expectError(asParameter, Message.invalidAuthToken, status: 401)
                let asHeader = try console.call(method, path, parameters.map(\.tuple), via: .query, auth: .header(factory))
                expectError(asHeader, Message.unauthorized, status: 401)
            }
        }
        #expect(try console.store.tokenCount() == 0)
        #expect(try console.store.factory(TestConsole.otherFlockFactoryAuth)?.isDeleted == false)
    }

    // MARK: - Unit

    @Test("accepts: any configured token, nothing else")
    func accepts() {
        let authenticator = Authenticator(tokens: ["alpha", "beta-key", "ünïcode"])
        #expect(authenticator.accepts("alpha"))
        #expect(authenticator.accepts("beta-key"))
        #expect(authenticator.accepts("ünïcode"))
        #expect(!authenticator.accepts("Alpha"))
        #expect(!authenticator.accepts("alph"))
        #expect(!authenticator.accepts("alphabeta-key"))
        #expect(!authenticator.accepts(""))
        #expect(!Authenticator(tokens: []).accepts(""))
    }

    @Test(
        "constantTimeEquals compares bytes and lengths exactly",
        arguments: [
            ([], [], true),
            ([1, 2, 3], [1, 2, 3], true),
            ([1, 2, 3], [1, 2, 4], false),
            ([0, 2, 3], [1, 2, 3], false),
            ([1, 2, 3], [1, 2], false),
            ([1, 2], [1, 2, 3], false),
            ([], [0], false),
            ([0], [], false),
            ([1, 2, 0], [1, 2], false),
            ([], [UInt8](repeating: 0, count: 256), false),
            ([UInt8](repeating: 7, count: 256), [UInt8](repeating: 7, count: 512), false),
            ([UInt8](repeating: 255, count: 300), [UInt8](repeating: 255, count: 300), true),
        ] as [([UInt8], [UInt8], Bool)])
    func constantTimeEquals(a: [UInt8], b: [UInt8], equal: Bool) {
        #expect(Authenticator.constantTimeEquals(a, b) == equal)
        #expect(Authenticator.constantTimeEquals(b, a) == equal)
    }
}
