import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// A console for the control API's tests: `TestConsole`'s configuration (through `ConfigurationLoader`, so the new
/// keys are read as the server reads them), an in-memory store, the fixed clock, and optionally a parsed seed file,
/// which `TestConsole` has no place for.
struct ControlConsole {
    /// The admin token of consoles made with `adminToken`.
    static let adminToken = "test-admin-token"
    /// The header that carries it (spelled out here, not taken from the code under test).
    static let adminHeader = "X-Mock-Admin-Token"

    /// The durable state.
    let store: ConsoleStore
    /// The merged configuration.
    let configuration: MockConfiguration
    /// The context the responder runs over (its journal and fault rules).
    let context: ConsoleContext
    /// The responder under test.
    let api: ConsoleAPI

    /// `TestConsole.baseDocument` with `overrides` laid over it (a key set to `null` is removed).
    init(_ overrides: [String: JSONValue] = [:], seed: SeedFile? = nil) throws {
        var document = TestConsole.baseDocument
        for (key, value) in overrides {
            if value == .null { document.removeValue(forKey: key) } else { document[key] = value }
        }
        let bytes = JSONWriter.encode(.object(document))
        let command = try ConfigurationLoader.load(
            arguments: ["--config", "control-config.json"], environment: [:], readFile: { _ in bytes })
        guard case .serve(let configuration) = command else { throw ConfigurationError("not a serve command") }
        store = try ConsoleStore(path: ":memory:")
        try ConsoleSeeder.seed(store, configuration, nowMicros: TestConsole.now)
        try seed?.apply(to: store, tokenDomain: configuration.tokenDomain, nowMicros: TestConsole.now)
        self.configuration = configuration
        context = ConsoleContext(store: store, configuration: configuration, clock: WallClock(source: { TestConsole.now }), seed: seed)
        api = ConsoleAPI(context: context)
    }

    /// The raw response (a dropped connection has no body to parse).
    func raw(_ request: HTTPRequest) -> HTTPResponse { api.respond(to: request) }

    /// The response, parsed and checked for the Console's JSON format.
    func send(_ request: HTTPRequest, sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        try Reply(api.respond(to: request), sourceLocation: sourceLocation)
    }

    /// A control request with the admin header when `admin` is given.
    func control(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], form: [(String, String)]? = nil,
        admin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        let headers = admin.map { [(Self.adminHeader, $0)] } ?? []
        return try send(.make(method, path, query: query, form: form, headers: headers), sourceLocation: sourceLocation)
    }

    /// `POST /_mock/faults` with a JSON object body.
    func addFault(_ rule: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        try send(.json(.post, "/_mock/faults", rule), sourceLocation: sourceLocation)
    }

    /// Adds a rule that must be accepted; returns its id.
    @discardableResult
    func fault(_ rule: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let reply = try addFault(rule, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return try #require(reply.json["rule"]?["id"]?.intValue, sourceLocation: sourceLocation)
    }

    /// `GET /_mock/requests` with filters; must succeed.
    func journal(_ query: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        let reply = try control(.get, "/_mock/requests", query: query, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return reply
    }

    /// The journal's entries, oldest first.
    func entries(_ query: [(String, String)] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [JSONValue] {
        try #require(try journal(query, sourceLocation: sourceLocation).json["requests"]?.arrayValue, sourceLocation: sourceLocation)
    }

    /// `GET /api/v1/ping` with the API key in the query string.
    func ping() -> HTTPResponse {
        raw(.make(.get, "/api/v1/ping", query: [("auth_token", TestConsole.authToken)]))
    }

    /// Creates a token through the API; returns its id.
    func createToken(kind: String = "dns", memo: String = "control test", sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let reply = try send(
            .make(.post, "/api/v1/canarytoken/create", query: [("auth_token", TestConsole.authToken)],
                  form: [("memo", memo), ("kind", kind)]),
            sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue, sourceLocation: sourceLocation)
    }
}

extension HTTPRequest {
    /// A request whose body is `value` as JSON with `Content-Type: application/json`.
    static func json(_ method: HTTPMethod, _ path: String, _ value: JSONValue, query: [(String, String)] = [],
                     headers: [(String, String)] = []) -> HTTPRequest {
        rawBody(method, path, JSONWriter.encode(value), contentType: "application/json", query: query, headers: headers)
    }

    /// A request with exactly these body bytes and content type.
    static func rawBody(_ method: HTTPMethod, _ path: String, _ body: [UInt8], contentType: String?,
                        query: [(String, String)] = [], headers: [(String, String)] = []) -> HTTPRequest {
        var target = path
        if !query.isEmpty { target += "?" + PercentEncoding.encode(query, spaceAsPlus: false) }
        var fields = HTTPHeaders([("Host", "localhost"), ("Content-Length", String(body.count))])
        if let contentType { fields.add("Content-Type", contentType) }
        for (name, value) in headers { fields.add(name, value) }
        return HTTPRequest(method: method, target: target, headers: fields, body: body)
    }
}

/// The journal time of the fixed clock, 2020-04-06 08:21:55.087693 UTC, written out by hand.
let journalTime = "2020-04-06T08:21:55.087693Z"
