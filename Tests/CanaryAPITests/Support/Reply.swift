import MiniHTTP
import Testing

/// A response with its body parsed; making one checks the Console's JSON format (docs/api.md §1), so every
/// response of every test is format-checked.
struct Reply {
    /// The response as the responder returned it.
    let response: HTTPResponse
    /// The parsed body.
    let json: JSONValue

    /// The status code.
    var status: Int { response.status.code }
    /// The body as text.
    var text: String { String(decoding: response.body, as: UTF8.self) }
    /// The top-level keys.
    var keys: Set<String> { Set(json.objectValue?.keys.map { $0 } ?? []) }
    /// The error message, if this is an error envelope.
    var message: String? { json["message"]?.stringValue }

    /// Parses and format-checks a response; a successful file download (not `application/json`) keeps its bytes
    /// and has a null `json`.
    init(_ response: HTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        self.response = response
        if response.status.code == 200, response.headers["Content-Disposition"]?.hasPrefix("attachment;") == true {
            json = .null
            return
        }
        json = try JSONReader.parse(response.body)
        ConsoleFormat.expectWellFormed(response, json, sourceLocation: sourceLocation)
    }
}

/// Checks of the byte format every Console answer shares.
enum ConsoleFormat {
    /// `json.dumps(obj, indent=2, sort_keys=True)` plus one `\n`, as `application/json`; no `\/`; ASCII only.
    static func expectWellFormed(_ response: HTTPResponse, _ json: JSONValue, sourceLocation: SourceLocation) {
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.headers["Content-Type"] == "application/json", sourceLocation: sourceLocation)
        #expect(json.objectValue != nil, "a JSON object: \(text)", sourceLocation: sourceLocation)
        // The writer is proven against Python's json.dumps (MiniHTTPTests), so the canonical re-encoding is the format.
        #expect(response.body == JSONWriter.encode(json) + [0x0A], "canonical format: \(text)", sourceLocation: sourceLocation)
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"), "one trailing newline", sourceLocation: sourceLocation)
        #expect(!text.contains("\\/"), "no escaped slashes: \(text)", sourceLocation: sourceLocation)
        #expect(response.body.allSatisfy { $0 < 0x80 }, "non-ASCII escaped", sourceLocation: sourceLocation)
        if let result = json["result"]?.stringValue {
            #expect(text.contains("\n  \"result\": \"\(result)\""), "\"result\": with one space", sourceLocation: sourceLocation)
        } else {
            Issue.record("no result field: \(text)", sourceLocation: sourceLocation)
        }
    }

    /// The exact error envelope `{"message": …, "result": "error"}` with `status`.
    static func expectError(
        _ reply: Reply, _ message: String, status: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
        #expect(
            reply.text == "{\n  \"message\": \"\(message)\",\n  \"result\": \"error\"\n}\n",
            sourceLocation: sourceLocation)
    }
}

/// The Console's error messages (docs/api.md §1, §3), spelled out here rather than taken from the code under test.
enum Message {
    static let invalidAuthToken = "Invalid auth_token"
    static let unauthorized = "Unauthorized"
    static let emptyMemo = "Empty memo"
    static let badParameters = "Could not process the parameters"
    static let clonedWebLabels = "Could not process the parameters. cloned_web is invalid, not enough domain labels"
    static let invalidKind = "Supplied kind is not valid."
    static let noFlock = "Flock does not exist."
    static let tokenNotFound = "Could not find the Canarytoken"
    static let factoryNotFound = "Could not find the factory auth string"
    static let invalidFactoryAuth = "Invalid factory_auth"
}

/// Shorthand for `ConsoleFormat.expectError`.
func expectError(_ reply: Reply, _ message: String, status: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    ConsoleFormat.expectError(reply, message, status: status, sourceLocation: sourceLocation)
}
