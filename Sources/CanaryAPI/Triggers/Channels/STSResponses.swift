import Basics
import MiniHTTP

/// The AWS answers of the AWS channel (docs/triggers.md): STS's `GetCallerIdentity` success, and AWS's errors, in
/// the query protocol (XML, what the AWS CLI reads for STS) and in the JSON protocol (`X-Amz-Target` requests).
package enum STSResponses {
    /// STS's XML namespace (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
    package static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"
    /// The message AWS answers for an unknown, disabled or unsigned key
    /// (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html, `InvalidClientTokenId`).
    package static let invalidTokenMessage = "The security token included in the request is invalid."

    /// How the request spoke to AWS, which decides the answer's format.
    package enum Wire: Sendable, Equatable {
        /// `Action` in the query or a form body; XML answers (`text/xml`).
        case query
        /// `X-Amz-Target: Service.Action`; JSON answers in the request's `application/x-amz-json-1.x` type.
        case json(contentType: String)
    }

    /// The caller an access key stands for.
    package struct Identity: Sendable, Equatable {
        /// `arn:aws:iam::<account>:user/<username>`.
        package var arn: String
        /// `AIDA` and 17 characters, like an IAM user's unique id.
        package var userID: String
        /// 12 digits.
        package var account: String

        /// The identity of `username` behind `accessKeyID`; every part is derived from them alone, so it is the same
        /// on every call and every start.
        package init(accessKeyID: String, username: String) {
            account = STSResponses.account(forKeyID: accessKeyID)
            arn = "arn:aws:iam::\(account):user/\(username)"
            userID = STSResponses.userID(forKeyID: accessKeyID)
        }
    }

    // MARK: - Answers

    /// 200 with the caller's identity.
    package static func callerIdentity(_ identity: Identity, protocol kind: Wire, requestID: String) -> HTTPResponse {
        switch kind {
        case .query:
            let body = """
                <GetCallerIdentityResponse xmlns="\(namespace)">
                  <GetCallerIdentityResult>
                    <Arn>\(xmlEscaped(identity.arn))</Arn>
                    <UserId>\(identity.userID)</UserId>
                    <Account>\(identity.account)</Account>
                  </GetCallerIdentityResult>
                  <ResponseMetadata>
                    <RequestId>\(requestID)</RequestId>
                  </ResponseMetadata>
                </GetCallerIdentityResponse>

                """
            return xml(.ok, body, requestID: requestID)
        case .json(let contentType):
            let body: JSONValue = .object([
                "Account": .string(identity.account), "Arn": .string(identity.arn), "UserId": .string(identity.userID),
            ])
            return json(.ok, body, contentType: contentType, requestID: requestID)
        }
    }

    /// 403 `AccessDenied` (`AccessDeniedException` in JSON): the key is valid but may do nothing else, as
    /// Canarytoken keys are.
    package static func accessDenied(
        _ identity: Identity, service: String, action: String, protocol kind: Wire, requestID: String
    ) -> HTTPResponse {
        let permission = "\(service):\(action)"
        let message = "User: \(identity.arn) is not authorized to perform: \(permission) because no identity-based "
            + "policy allows the \(permission) action"
        return error(code: "AccessDenied", jsonType: "AccessDeniedException", message: message, protocol: kind,
                     requestID: requestID)
    }

    /// 403 `InvalidClientTokenId` (`UnrecognizedClientException` in JSON, as AWS's JSON services name it): an
    /// unsigned or malformed request, or a key the mock does not know or has disabled.
    package static func invalidClientToken(protocol kind: Wire, requestID: String) -> HTTPResponse {
        error(code: "InvalidClientTokenId", jsonType: "UnrecognizedClientException", message: invalidTokenMessage,
              protocol: kind, requestID: requestID)
    }

    /// 500 `InternalFailure`: the store failed (logged).
    package static func internalFailure(protocol kind: Wire, requestID: String) -> HTTPResponse {
        error(code: "InternalFailure", jsonType: "InternalFailure",
              message: "The request processing has failed because of an unknown error, exception or failure.",
              status: .internalServerError, type: "Receiver", protocol: kind, requestID: requestID)
    }

    /// An error in the request's protocol: the query protocol's `ErrorResponse`
    /// (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html), or JSON `{"__type", "message"}`.
    static func error(
        code: String, jsonType: String, message: String, status: HTTPStatus = .forbidden, type: String = "Sender",
        protocol kind: Wire, requestID: String
    ) -> HTTPResponse {
        switch kind {
        case .query:
            let body = """
                <ErrorResponse xmlns="\(namespace)">
                  <Error>
                    <Type>\(type)</Type>
                    <Code>\(code)</Code>
                    <Message>\(xmlEscaped(message))</Message>
                  </Error>
                  <RequestId>\(requestID)</RequestId>
                </ErrorResponse>

                """
            return xml(status, body, requestID: requestID)
        case .json(let contentType):
            let body: JSONValue = .object(["__type": .string(jsonType), "message": .string(message)])
            return json(status, body, contentType: contentType, requestID: requestID)
        }
    }

    /// A `text/xml` answer.
    private static func xml(_ status: HTTPStatus, _ body: String, requestID: String) -> HTTPResponse {
        HTTPResponse(
            status: status,
            headers: HTTPHeaders([("x-amzn-RequestId", requestID), ("Content-Type", "text/xml")]),
            body: Array(body.utf8))
    }

    /// A JSON-protocol answer in `contentType`.
    private static func json(_ status: HTTPStatus, _ body: JSONValue, contentType: String, requestID: String)
        -> HTTPResponse
    {
        HTTPResponse(
            status: status,
            headers: HTTPHeaders([("x-amzn-RequestId", requestID), ("Content-Type", contentType)]),
            body: JSONWriter.encode(body))
    }

    // MARK: - Identifiers

    /// The RFC 4648 base32 alphabet, which AWS key ids are written in.
    private static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The account of an access key id. AWS key ids made since 2019 carry their account: base32 after the four-letter
    /// prefix, bits 1–39 of the first 48 (https://medium.com/@TalBeerySec/a-short-note-on-aws-key-id-f88cc4317489,
    /// the `aws sts get-access-key-info` result), so tools that decode a key see the ARN's account. Those bits hold
    /// up to 13 digits and the mock's random keys reach them about one time in ten: such an account keeps its last
    /// 12. A key without that shape gets a hash of the key, 12 digits.
    package static func account(forKeyID key: String) -> String {
        let bytes = Array(key.utf8)
        var value: UInt64 = 0
        var decodable = bytes.count >= 14
        if decodable {
            for byte in bytes[4..<14] {
                guard let digit = base32.firstIndex(of: byte) else {
                    decodable = false
                    break
                }
                value = value << 5 | UInt64(digit)
            }
        }
        let number = (decodable ? ((value >> 2) & 0x7FFF_FFFF_FF80) >> 7 : fnv1a(bytes)) % 1_000_000_000_000
        let digits = String(number)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// `AIDA` and 17 base32 characters drawn from a hash of the key id: the shape of an IAM user's unique id
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
    package static func userID(forKeyID key: String) -> String {
        var hash = fnv1a(Array(key.utf8))
        var out = Array("AIDA".utf8)
        for round in 0..<17 {
            if round == 12 { hash = fnv1a(Array(key.utf8) + [0x2F]) }
            out.append(base32[Int(hash & 0x1F)])
            hash >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A request id shaped like AWS's: 8-4-4-4-12 lowercase hex.
    package static func requestID() -> String {
        let hex = SecureRandom.string(32, from: Array("0123456789abcdef".utf8))
        var out = ""
        for (offset, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(offset) { out.append("-") }
            out.append(character)
        }
        return out
    }

    /// FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/).
    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Text for XML character data and attributes.
    package static func xmlEscaped(_ text: String) -> String { Markup.escaped(text) }
}
