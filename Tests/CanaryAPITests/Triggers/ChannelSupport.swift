import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Requests to the trigger channels and reads of what they stored, for the channel tests.
extension TestConsole {
    /// The peer every channel request comes from unless a test says otherwise.
    static let peer = "10.1.2.3:40000"
    /// The source IP of `peer`.
    static let peerIP = "10.1.2.3"

    /// The responder's raw answer to a request as the server would hand it over (with the peer address).
    func raw(
        _ method: HTTPMethod = .get, _ target: String, headers: [(String, String)] = [("Host", "tokens.example")],
        body: [UInt8] = [], peer: String? = TestConsole.peer
    ) -> HTTPResponse {
        api.respond(to: HTTPRequest(
            method: method, target: target, headers: HTTPHeaders(headers), body: body, remoteAddress: peer))
    }

    /// Every incident, oldest change first.
    func incidents() throws -> [IncidentRecord] {
        try store.incidents(acknowledged: nil, after: 0, limit: 1000)
    }

    /// The event field objects of an incident, in order.
    func events(_ incident: IncidentRecord, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: JSONValue]] {
        try incident.events.map { event in
            try #require(JSONReader.parse(Array(event.fields.utf8)).objectValue, sourceLocation: sourceLocation)
        }
    }

    /// The token's `triggered_count` as stored.
    func triggeredCount(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        try #require(try store.token(id), sourceLocation: sourceLocation).triggeredCount
    }

    /// `(method, path, status)` of every journal entry, oldest first.
    func journal() throws -> [(method: String, path: String, status: Int)] {
        let reply = try send(.make(.get, "/_mock/requests"))
        return (reply.json["requests"]?.arrayValue ?? []).map { entry in
            (entry["method"]?.stringValue ?? "", entry["path"]?.stringValue ?? "", entry["status"]?.intValue ?? -1)
        }
    }

    /// Disables a token through the API.
    func disable(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reply = try call(.post, ConsolePaths.disable, [("canarytoken", id)], sourceLocation: sourceLocation)
        #expect(reply.status == 200, sourceLocation: sourceLocation)
    }
}

/// The common event fields the pipeline adds, at the test console's fixed clock, for an HTTP-port hit from `peerIP`.
func commonFields(id: String, kind: String, dstPort: Int = 80, srcHost: String = TestConsole.peerIP) -> [String: JSONValue] {
    [
        "canarytoken": .string(id), "type": .string(kind), "timestamp": .int(1_586_161_315),
        "timestamp_std": "2020-04-06 08:21:55 UTC+0000", "src_host": .string(srcHost), "dst_port": .int(dstPort),
    ]
}
