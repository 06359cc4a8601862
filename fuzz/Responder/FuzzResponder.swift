import Basics
import CanaryAPI
import CanaryStore
import MiniHTTP
import Synchronization

/// libFuzzer entry point: the input is what a client sent on one connection.
///
/// Each request the parser yields goes to the Console API over one in-memory store that lives for the whole run
/// (state carries over between inputs, as on a real server). Every answer, and the answer to a parse error, must
/// have a status in 200..<600 and a body that reads as JSON, except the trigger channels' answers, which are what a
/// token server or AWS sends (docs/triggers.md): a GIF, a redirect, a page or XML on paths outside `/api/` and the
/// control API.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResponder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var parser = HTTPRequestParser()
    parser.append(UnsafeRawBufferPointer(start: data, count: size))
    do {
        while let request = try parser.nextRequest() {
            ResponderFuzz.expectValid(
                ResponderFuzz.api.respond(to: request), for: "\(request.method) \(request.path)", path: request.path)
        }
    } catch {
        ResponderFuzz.expectValid(error.makeResponse(ConsoleErrorRenderer()), for: "parse error \(error)")
    }
    return 0
}

enum ResponderFuzz {
    /// The API over one store, created on first use with the built-in configuration.
    static let api: ConsoleAPI = {
        do {
            let store = try ConsoleStore(path: ":memory:")
            try seed(store)
            return ConsoleAPI(context: ConsoleContext(store: store, configuration: MockConfiguration(), log: report))
        } catch {
            fatalError("FuzzResponder: cannot open the in-memory store: \(error)")
        }
    }()

    /// Records with fixed ids, which fixtures/corpus/http uses (fuzz/make-corpus.py), so fetching a token, making
    /// tokens through a factory and choosing a flock reach their success paths; generated ids are unguessable.
    static func seed(_ store: ConsoleStore) throws(StoreError) {
        let now = WallClock.system.nowMicros()
        let token = "fuzzcanarytoken0000000000"
        try store.createFlock(FlockRecord(
            flockID: "flock:0123456789abcdef0123456789abcdef", name: "Fuzz Flock", createdMicros: now))
        try store.insertFactory(FactoryRecord(
            factoryAuth: "0123456789abcdef0123456789abcdef", memo: "Fuzz factory",
            flockID: ConsoleStore.defaultFlockID, createdMicros: now))
        _ = try store.insertToken(NewToken(
            canarytoken: token, kind: "http", memo: "Fuzz token", flockID: ConsoleStore.defaultFlockID,
            createdMicros: now, url: "http://\(MockConfiguration.defaultTokenDomain)/about/\(token)/index.html",
            hostname: "\(token).\(MockConfiguration.defaultTokenDomain)"))
    }

    private static let reported = Atomic<Int>(0)

    /// Unexpected failures (500s) are not crashes, but they are shown: the first few only, to keep output short.
    @Sendable static func report(_ message: String) {
        let count = reported.add(1, ordering: .relaxed).newValue
        if count <= 10 { print("FuzzResponder: logged: \(message)") }
    }

    static func expectValid(_ response: HTTPResponse, for what: String, path: String? = nil) {
        guard (200..<600).contains(response.status.code) else {
            fatalError("FuzzResponder: \(what) answered with status \(response.status.code)")
        }
        let type = response.headers["Content-Type"] ?? ""
        if let path, !type.hasPrefix("application/json"), isChannel(path) { return }
        do {
            _ = try JSONReader.parse(response.body)
        } catch {
            fatalError("FuzzResponder: \(what) answered \(response.status.code) with a body that is not JSON: \(error)")
        }
    }

    /// A trigger channel's path: the AWS endpoint, or a path outside `/api/` and `/_mock/` (a token URL).
    static func isChannel(_ path: String) -> Bool {
        if path.hasPrefix("/_mock/aws") { return true }
        return !path.hasPrefix("/api/") && !path.hasPrefix("/_mock/") && !path.hasPrefix("//")
    }
}
