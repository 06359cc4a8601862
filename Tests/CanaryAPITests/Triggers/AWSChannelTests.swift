import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// Signed requests as the AWS CLI and SDKs send them (the signature's value is never checked).
enum AWSRequests {
    /// A 64-hex signature.
    static let signature = String(repeating: "0a", count: 32)

    /// A SigV4 `Authorization` value by `key` for `service`.
    static func authorization(key: String, service: String = "sts") -> String {
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/\(service)/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=\(signature)"
    }

    /// A query-protocol call: `Action` in a form body, signed in the header, as `aws sts get-caller-identity` sends it.
    static func query(
        key: String?, action: String = "GetCallerIdentity", service: String = "sts", path: String = "/_mock/aws"
    ) -> HTTPRequest {
        // `make` sends `Host: localhost`.
        var headers = [("User-Agent", "aws-cli/1.45.11"), ("X-Amz-Date", "20200406T082155Z")]
        if let key { headers.append(("Authorization", authorization(key: key, service: service))) }
        var request = HTTPRequest.make(
            .post, path, form: [("Action", action), ("Version", "2011-06-15")], headers: headers)
        request.remoteAddress = TestConsole.peer
        return request
    }

    /// A JSON-protocol call: `X-Amz-Target: <prefix>.<action>` and an `application/x-amz-json-1.x` body.
    static func json(key: String?, target: String, service: String, contentType: String) -> HTTPRequest {
        var headers = [("Host", "127.0.0.1:8080"), ("X-Amz-Target", target), ("Content-Type", contentType)]
        if let key { headers.append(("Authorization", authorization(key: key, service: service))) }
        return HTTPRequest(
            method: .post, target: "/_mock/aws/", headers: HTTPHeaders(headers), body: Array("{}".utf8),
            remoteAddress: TestConsole.peer)
    }
}

@Suite("AWS channel: calls signed with an aws-id key under /_mock/aws")
struct AWSChannelTests {
    /// An aws-id token: its id, access key id and user name.
    static func awsToken(_ console: TestConsole) throws -> (id: String, key: String, username: String) {
        let token = try console.createToken(kind: "aws-id").token
        return (
            try #require(token["canarytoken"]?.stringValue), try #require(token["access_key_id"]?.stringValue),
            try #require(token["username"]?.stringValue)
        )
    }

    /// The body as text.
    static func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    // MARK: - Hits

    @Test("GetCallerIdentity answers STS's XML with the token's user, and records one event", arguments: [
        "/_mock/aws", "/_mock/aws/", "/_mock/aws/sts",
    ])
    func getCallerIdentity(path: String) throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let response = console.api.respond(to: AWSRequests.query(key: token.key, path: path))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "text/xml")
        let requestID = try #require(response.headers["x-amzn-RequestId"])
        let account = STSResponses.account(forKeyID: token.key)
        let userID = STSResponses.userID(forKeyID: token.key)
        #expect(Self.text(response) == """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::\(account):user/\(token.username)</Arn>
                <UserId>\(userID)</UserId>
                <Account>\(account)</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>\(requestID)</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>

            """)

        let incidents = try console.incidents()
        try #require(incidents.count == 1)
        #expect(incidents[0].kind == "aws-id")
        #expect(incidents[0].logtype == "17012")
        #expect(incidents[0].srcHost == TestConsole.peerIP)
        let fields = try #require(try console.events(incidents[0]).first)
        var expected = commonFields(id: token.id, kind: "aws-id")
        expected["event_name"] = "GetCallerIdentity"
        expected["user_agent"] = "aws-cli/1.45.11"
        expected["headers"] = .object([
            "Host": "localhost", "User-Agent": "aws-cli/1.45.11", "X-Amz-Date": "20200406T082155Z",
            "Authorization": .string(AWSRequests.authorization(key: token.key)),
            "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "43",
        ])
        #expect(fields == expected)
        #expect(try console.triggeredCount(token.id) == 1)
    }

    @Test("A presigned request (X-Amz-* in the query) is a hit too")
    func presigned() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let request = HTTPRequest.make(.get, "/_mock/aws/", query: [
            ("Action", "GetCallerIdentity"), ("Version", "2011-06-15"), ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(token.key)/20200406/us-east-1/sts/aws4_request"),
            ("X-Amz-Date", "20200406T082155Z"), ("X-Amz-SignedHeaders", "host"), ("X-Amz-Signature", AWSRequests.signature),
        ])
        let response = console.api.respond(to: request)
        #expect(response.status.code == 200)
        #expect(Self.text(response).contains("<Arn>arn:aws:iam::\(STSResponses.account(forKeyID: token.key)):user/\(token.username)</Arn>"))
        #expect(try console.incidents().count == 1)
    }

    @Test("Any other action answers AccessDenied (query XML) and is recorded with its event_name")
    func accessDenied() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let response = console.api.respond(to: AWSRequests.query(key: token.key, action: "ListUsers", service: "iam"))
        #expect(response.status.code == 403)
        #expect(response.headers["Content-Type"] == "text/xml")
        let requestID = try #require(response.headers["x-amzn-RequestId"])
        let arn = "arn:aws:iam::\(STSResponses.account(forKeyID: token.key)):user/\(token.username)"
        #expect(Self.text(response) == """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>AccessDenied</Code>
                <Message>User: \(arn) is not authorized to perform: iam:ListUsers because no identity-based policy \
            allows the iam:ListUsers action</Message>
              </Error>
              <RequestId>\(requestID)</RequestId>
            </ErrorResponse>

            """)
        let incident = try #require(try console.incidents().first)
        #expect(try console.events(incident).first?["event_name"] == "ListUsers")
    }

    @Test("X-Amz-Target calls answer in JSON: AccessDeniedException in the request's own type")
    func jsonAccessDenied() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let response = console.api.respond(to: AWSRequests.json(
            key: token.key, target: "DynamoDB_20120810.ListTables", service: "dynamodb",
            contentType: "application/x-amz-json-1.0"))
        #expect(response.status.code == 403)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
        let arn = "arn:aws:iam::\(STSResponses.account(forKeyID: token.key)):user/\(token.username)"
        #expect(try JSONReader.parse(response.body) == .object([
            "__type": "AccessDeniedException",
            "message": .string("User: \(arn) is not authorized to perform: dynamodb:ListTables because no "
                + "identity-based policy allows the dynamodb:ListTables action"),
        ]))
        let incident = try #require(try console.incidents().first)
        #expect(try console.events(incident).first?["event_name"] == "ListTables")
    }

    @Test("X-Amz-Target GetCallerIdentity answers the identity as JSON")
    func jsonCallerIdentity() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let response = console.api.respond(to: AWSRequests.json(
            key: token.key, target: "AWSSecurityTokenServiceV20110615.GetCallerIdentity", service: "sts",
            contentType: "application/x-amz-json-1.1"))
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.1")
        let account = STSResponses.account(forKeyID: token.key)
        #expect(try JSONReader.parse(response.body) == .object([
            "Account": .string(account), "Arn": .string("arn:aws:iam::\(account):user/\(token.username)"),
            "UserId": .string(STSResponses.userID(forKeyID: token.key)),
        ]))
        #expect(try console.incidents().count == 1)
    }

    // MARK: - Refused

    /// The InvalidClientTokenId answer up to its request id.
    static let invalidXMLPrefix = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>Sender</Type>
            <Code>InvalidClientTokenId</Code>
            <Message>The security token included in the request is invalid.</Message>
          </Error>
          <RequestId>
        """

    /// Checks the InvalidClientTokenId answer, exactly, and that nothing was recorded.
    static func expectInvalid(_ response: HTTPResponse, _ console: TestConsole, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status.code == 403, sourceLocation: sourceLocation)
        #expect(response.headers["Content-Type"] == "text/xml", sourceLocation: sourceLocation)
        let requestID = response.headers["x-amzn-RequestId"] ?? "?"
        #expect(text(response) == invalidXMLPrefix + requestID + "</RequestId>\n</ErrorResponse>\n", sourceLocation: sourceLocation)
        #expect(try console.incidents().isEmpty, sourceLocation: sourceLocation)
    }

    @Test("Unsigned requests and unknown keys answer InvalidClientTokenId and record nothing")
    func unsignedOrUnknown() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        try Self.expectInvalid(console.api.respond(to: AWSRequests.query(key: nil)), console)
        try Self.expectInvalid(console.api.respond(to: AWSRequests.query(key: "AKIAAAAAAAAAAAAAAAAA")), console)
        try Self.expectInvalid(console.api.respond(to: AWSRequests.query(key: token.key.lowercased())), console)
        try Self.expectInvalid(console.api.respond(to: .make(.get, "/_mock/aws")), console)
        #expect(try console.triggeredCount(token.id) == 0)
    }

    @Test("A disabled aws-id token's key answers as a live one would (the decoy never tells) and records nothing")
    func disabledKey() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        try console.disable(token.id)
        let response = console.api.respond(to: AWSRequests.query(key: token.key))
        #expect(response.status.code == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("<GetCallerIdentityResponse"))
        #expect(try console.triggeredCount(token.id) == 0)
        #expect(try console.store.incidentCount() == 0)
    }

    @Test("Malformed and junk signatures answer InvalidClientTokenId, bounded, and record nothing", arguments: [
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=xyz",
        "AWS4-HMAC-SHA256 Credential=KEY/2020/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_requestX, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request/x, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request, Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG, Extra=1",
        "AWS4-HMAC-SHA512 Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG",
        "AWS KEY:c2lnbmF0dXJl", "Bearer KEY", "", "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 " + String(repeating: "Credential=KEY/20200406/us-east-1/sts/aws4_request,", count: 200),
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG"
            + String(repeating: " ", count: 5000),
        "AWS4-HMAC-SHA256 Credential=KEY\u{0}/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=SIG",
        "AWS4-HMAC-SHA256 Credential=KEY/20200406/\u{FFFD}\u{FFFD}/sts/aws4_request, SignedHeaders=host, Signature=SIG",
    ])
    func malformed(template: String) throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        let value = template.split(separator: "KEY", omittingEmptySubsequences: false).joined(separator: token.key)
            .split(separator: "SIG", omittingEmptySubsequences: false).joined(separator: AWSRequests.signature)
        var request = AWSRequests.query(key: nil)
        request.headers.add("Authorization", String(value))
        try Self.expectInvalid(console.api.respond(to: request), console)
    }

    @Test("Two Authorization headers, or a header and query signature at once, are malformed")
    func twoSignatures() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        var twice = AWSRequests.query(key: token.key)
        twice.headers.add("Authorization", AWSRequests.authorization(key: token.key))
        try Self.expectInvalid(console.api.respond(to: twice), console)
        var both = AWSRequests.query(key: token.key)
        both = HTTPRequest(
            method: both.method, target: "/_mock/aws?X-Amz-Credential=\(token.key)%2F20200406%2Fus-east-1%2Fsts%2Faws4_request",
            headers: both.headers, body: both.body, remoteAddress: both.remoteAddress)
        try Self.expectInvalid(console.api.respond(to: both), console)
    }

    @Test("Binary bytes in the Authorization header never crash")
    func binaryHeader() throws {
        let console = try TestConsole()
        _ = try Self.awsToken(console)
        var request = AWSRequests.query(key: nil)
        request.headers.add("Authorization", String(decoding: (0...255).map { UInt8($0) }, as: UTF8.self))
        try Self.expectInvalid(console.api.respond(to: request), console)
    }

    @Test("JSON-protocol refusals answer UnrecognizedClientException in JSON")
    func jsonInvalid() throws {
        let console = try TestConsole()
        let response = console.api.respond(to: AWSRequests.json(
            key: "AKIAAAAAAAAAAAAAAAAA", target: "DynamoDB_20120810.ListTables", service: "dynamodb",
            contentType: "application/x-amz-json-1.0"))
        #expect(response.status.code == 403)
        #expect(response.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(try JSONReader.parse(response.body) == .object([
            "__type": "UnrecognizedClientException", "message": "The security token included in the request is invalid.",
        ]))
        #expect(try console.incidents().isEmpty)
    }

    // MARK: - Routing

    @Test("The channel needs no admin token, other /_mock/ routes still do, and /_mock/awsx is not the channel")
    func adminToken() throws {
        let console = try TestConsole(["admin_token": "admin-secret"])
        let token = try Self.awsToken(console)
        #expect(console.api.respond(to: AWSRequests.query(key: token.key)).status.code == 200)
        #expect(console.api.respond(to: .make(.get, "/_mock/state")).status.code != 200)
        #expect(console.api.respond(to: .make(.post, "/_mock/awsx")).status.code == 404)
        #expect(try console.incidents().count == 1)
    }

    @Test("Channel requests are journaled like API requests; other /_mock/ requests are not")
    func journaled() throws {
        let console = try TestConsole()
        let token = try Self.awsToken(console)
        _ = console.api.respond(to: AWSRequests.query(key: token.key))
        _ = console.api.respond(to: AWSRequests.query(key: nil, path: "/_mock/aws/"))
        _ = console.api.respond(to: .make(.get, "/_mock/health"))
        let entries = try console.journal().filter { $0.path.hasPrefix("/_mock/") }
        #expect(entries.map(\.path) == ["/_mock/aws", "/_mock/aws/"])
        #expect(entries.map(\.status) == [200, 403])
    }
}
