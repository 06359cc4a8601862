import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// A console as the server runs it, over an in-memory store and a fixed clock, answered without sockets
/// (responder tests, docs/adding-an-endpoint.md). Its configuration goes through `ConfigurationLoader` and
/// `ConsoleSeeder` like the real one.
struct TestConsole {
    /// The API key the test console accepts.
    static let authToken = "test-auth-token"
    /// A second configured API key.
    static let secondAuthToken = "second-auth-token"
    /// The fixed clock: 2020-04-06 08:21:55.087693 UTC, the time of the Console docs' example token.
    static let now: Int64 = 1_586_161_315_087_693
    /// `created` for the fixed clock.
    static let created = "1586161315.087693"
    /// `created_printable` for the fixed clock.
    static let createdPrintable = "2020-04-06 08:21:55 (UTC)"
    /// The token domain, shaped like the real Console's.
    static let domain = "0123456789ab.o3n.io"
    /// A configured flock besides the Default Flock.
    static let otherFlock = "flock:0123456789abcdef0123456789abcdef"
    /// A well-formed flock id that does not exist.
    static let unknownFlock = "flock:ffffffffffffffffffffffffffffffff"
    /// A configured factory auth string in the Default Flock.
    static let factoryAuth = "fleet-factory-auth"
    /// A configured factory auth string in `otherFlock`.
    static let otherFlockFactoryAuth = "other-flock-factory-auth"

    /// The config file every test console starts from; tests override keys.
    static let baseDocument: [String: JSONValue] = [
        "auth_tokens": [.string(authToken), .string(secondAuthToken)],
        "token_domain": .string(domain),
        "flocks": [["flock_id": .string(otherFlock), "name": "Other Flock"]],
        "factories": [
            ["factory_auth": .string(factoryAuth), "memo": "fleet factory", "flock_id": "flock:default"],
            ["factory_auth": .string(otherFlockFactoryAuth), "memo": "other flock factory", "flock_id": .string(otherFlock)],
        ],
    ]

    /// The durable state, for assertions about what a request left behind.
    let store: ConsoleStore
    /// The merged configuration.
    let configuration: MockConfiguration
    /// The responder under test.
    let api: ConsoleAPI
    /// The context the responder runs on (its trigger pipeline, clock and store).
    let context: ConsoleContext

    /// A console configured by `baseDocument` with `overrides` laid over it (a key set to `null` is removed).
    init(_ overrides: [String: JSONValue] = [:]) throws {
        var document = Self.baseDocument
        for (key, value) in overrides {
            if value == .null { document.removeValue(forKey: key) } else { document[key] = value }
        }
        let bytes = JSONWriter.encode(.object(document))
        let command = try ConfigurationLoader.load(
            arguments: ["--config", "test-config.json"], environment: [:], readFile: { _ in bytes })
        guard case .serve(let configuration) = command else { throw ConfigurationError("not a serve command") }
        try self.init(configuration: configuration)
    }

    /// A console with exactly this configuration.
    init(configuration: MockConfiguration) throws {
        store = try ConsoleStore(path: ":memory:")
        try ConsoleSeeder.seed(store, configuration, nowMicros: Self.now)
        self.configuration = configuration
        context = ConsoleContext(store: store, configuration: configuration, clock: WallClock(source: { TestConsole.now }))
        api = ConsoleAPI(context: context)
    }

    // MARK: - Sending

    /// The responder's answer, checked for the Console's JSON format.
    func send(_ request: HTTPRequest, sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        try Reply(api.respond(to: request), sourceLocation: sourceLocation)
    }

    /// Sends `parameters` by `transport`, with the API key sent as `auth` says (by default as canarytools does:
    /// `auth_token` first in the query string).
    func call(
        _ method: HTTPMethod, _ path: String, _ parameters: [(String, String)], via transport: Transport = .form,
        auth: Auth = .parameter(TestConsole.authToken), headers: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        var query: [(String, String)] = []
        var headers = headers
        switch auth {
        case .parameter(let token): query.append(("auth_token", token))
        case .header(let name, let token): headers.append((name, token))
        case .none: break
        }
        return try send(transport.request(method, path, query: query, parameters, headers: headers), sourceLocation: sourceLocation)
    }

    /// `POST /api/v1/canarytoken/create`.
    func create(
        _ parameters: [(String, String)], via transport: Transport = .form,
        auth: Auth = .parameter(TestConsole.authToken), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try call(.post, Paths.create, parameters, via: transport, auth: auth, sourceLocation: sourceLocation)
    }

    /// Creates a token that must succeed and returns its token object and id.
    func createToken(
        kind: String, memo: String = "test memo", _ extra: [(String, String)] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (token: JSONValue, id: String) {
        let reply = try create([("memo", memo), ("kind", kind)] + extra, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        let token = try #require(reply.json["canarytoken"], sourceLocation: sourceLocation)
        let id = try #require(token["canarytoken"]?.stringValue, sourceLocation: sourceLocation)
        return (token, id)
    }

    /// `GET /api/v1/canarytoken/fetch`, parameters in the query string.
    func fetch(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Reply {
        try call(.get, Paths.fetch, [("canarytoken", id)], via: .query, sourceLocation: sourceLocation)
    }

    /// `POST /api/v1/canarytoken/create_factory`.
    func createFactory(
        _ parameters: [(String, String)] = [("memo", "a factory")], via transport: Transport = .form,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try call(.post, Paths.createFactory, parameters, via: transport, sourceLocation: sourceLocation)
    }

    /// Creates a factory that must succeed and returns its auth string.
    func newFactory(_ parameters: [(String, String)] = [("memo", "a factory")], sourceLocation: SourceLocation = #_sourceLocation)
        throws -> String
    {
        let reply = try createFactory(parameters, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return try #require(reply.json["factory_auth"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// `DELETE /api/v1/canarytoken/delete_factory`, parameters in the query string as canarytools sends them.
    func deleteFactory(
        _ parameters: [(String, String)], via transport: Transport = .query,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try call(.delete, Paths.deleteFactory, parameters, via: transport, sourceLocation: sourceLocation)
    }

    /// `POST /api/v1/canarytoken/factory` (or `factory/create`): no API key, the factory string is the credential.
    func factoryCreate(
        _ parameters: [(String, String)], path: String = Paths.factory, via transport: Transport = .form,
        auth: Auth = .none, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try call(.post, path, parameters, via: transport, auth: auth, sourceLocation: sourceLocation)
    }
}

/// How a test sends the API key.
enum Auth: Sendable {
    /// As the `auth_token` parameter, first in the query string.
    case parameter(String)
    /// As a header of that name.
    case header(String, String)
    /// Not at all.
    case none

    /// The `X-Canary-Auth-Token` header.
    static func header(_ token: String) -> Auth { .header("X-Canary-Auth-Token", token) }
}

/// Where a request carries its parameters: docs/api.md §1 accepts all three on every method.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The query string.
    case query
    /// An `application/x-www-form-urlencoded` body.
    case form
    /// A `multipart/form-data` body of text fields.
    case multipart

    var testDescription: String { rawValue }

    /// The request with `query` first in the query string and `parameters` where this transport puts them.
    func request(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], _ parameters: [(String, String)],
        headers: [(String, String)] = []
    ) -> HTTPRequest {
        switch self {
        case .query:
            return .make(method, path, query: query + parameters, headers: headers)
        case .form:
            return .make(method, path, query: query, form: parameters, headers: headers)
        case .multipart:
            var body = MultipartBody()
            for (name, value) in parameters { body.addField(name, value) }
            return .make(method, path, query: query, multipart: body, headers: headers)
        }
    }
}

/// The Console API paths (docs/api.md §3).
enum Paths {
    static let ping = "/api/v1/ping"
    static let create = "/api/v1/canarytoken/create"
    static let fetch = "/api/v1/canarytoken/fetch"
    static let createFactory = "/api/v1/canarytoken/create_factory"
    static let deleteFactory = "/api/v1/canarytoken/delete_factory"
    static let factory = "/api/v1/canarytoken/factory"
    static let factoryCreate = "/api/v1/canarytoken/factory/create"
}
