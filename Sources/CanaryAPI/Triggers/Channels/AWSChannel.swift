import CanaryStore
import MiniHTTP

/// The AWS channel: AWS API calls signed with an `aws-id` token's access key, sent to `/_mock/aws/`
/// (docs/triggers.md, AWS channel). `aws --endpoint-url http://HOST:PORT/_mock/aws …` with the token's credentials
/// file reaches it.
///
/// A well-formed SigV4 signature by a known, enabled aws-id key is a hit (the signature itself is not verified).
/// `GetCallerIdentity` answers the caller's identity, as the real keys do; any other action answers `AccessDenied`.
/// Anything else (unsigned, malformed, unknown or disabled key) answers `InvalidClientTokenId` and records nothing.
package enum AWSChannel {
    /// The path prefix of the channel.
    package static let pathPrefix = "/_mock/aws"
    /// Longest action name kept; longer ones are cut (an `X-Amz-Target` value is the client's text).
    package static let maxActionLength = 128

    /// Whether a path is the channel's: `/_mock/aws` or anything under `/_mock/aws/`.
    package static func handles(_ path: String) -> Bool {
        path.hasPrefix(pathPrefix)
            && (path.utf8.count == pathPrefix.utf8.count || path.utf8.dropFirst(pathPrefix.utf8.count).first == UInt8(ascii: "/"))
    }

    /// The answer to one request under `/_mock/aws`; a hit is committed before it returns.
    package static func respond(to request: HTTPRequest, context: ConsoleContext) -> HTTPResponse {
        let requestID = STSResponses.requestID()
        // Query string and form body; a body that does not decode has no parameters (no `Action`, no signature).
        let parameters = try? context.parameters(request)
        let target = request.headers["X-Amz-Target"]
        let kind = responseProtocol(request, target: target)
        guard case .signed(let credential) = SigV4Credential.parse(request, parameters: parameters) else {
            return STSResponses.invalidClientToken(protocol: kind, requestID: requestID)
        }
        let token: TokenRecord?
        do {
            token = try context.store.tokenID(attribute: "access_key_id", value: credential.accessKeyID)
                .flatMap { id throws(StoreError) in try context.store.token(id) }
        } catch {
            context.log("store read failed (AWS key): \(error)")
            return STSResponses.internalFailure(protocol: kind, requestID: requestID)
        }
        guard let token, token.kind == "aws-id" else {
            return STSResponses.invalidClientToken(protocol: kind, requestID: requestID)
        }
        let action = self.action(parameters, target: target)
        // A disabled token's key answers as it would and records nothing (docs/api.md §7.2): the decoy never tells.
        if token.enabled {
            let peer = PeerAddress.split(request.remoteAddress)
            var fields: [String: JSONValue] = [
                "event_name": .string(action), "headers": TokenURLChannel.headerObject(request.headers),
            ]
            if let agent = request.headers["User-Agent"] { fields["user_agent"] = .string(agent) }
            let trigger = Trigger(
                canarytoken: token.canarytoken, channel: .aws, srcIP: peer.ip, srcPort: peer.port, fields: fields)
            // A store failure is logged by the pipeline; the caller still gets AWS's answer.
            _ = try? context.triggers.record(trigger)
        }

        let username = token.attributes["username"].flatMap { $0.isEmpty ? nil : $0 } ?? token.canarytoken
        let identity = STSResponses.Identity(accessKeyID: credential.accessKeyID, username: username)
        if action == "GetCallerIdentity" {
            return STSResponses.callerIdentity(identity, protocol: kind, requestID: requestID)
        }
        return STSResponses.accessDenied(
            identity, service: credential.service, action: action.isEmpty ? "Unknown" : action, protocol: kind,
            requestID: requestID)
    }

    /// The action: `Action` from the query or form body, else the part of `X-Amz-Target` after its last dot, else
    /// `""` (a REST call such as S3's names none), at most `maxActionLength` characters.
    static func action(_ parameters: HTTPParameters?, target: String?) -> String {
        let name: Substring
        if let given = parameters?["Action"] {
            name = Substring(given)
        } else if let target {
            name = target.lastIndex(of: ".").map { target[target.index(after: $0)...] } ?? Substring(target)
        } else {
            name = ""
        }
        return String(name.prefix(maxActionLength))
    }

    /// JSON for `X-Amz-Target` requests (in their `application/x-amz-json-1.0` or `-1.1` type, 1.1 otherwise),
    /// XML for the rest.
    static func responseProtocol(_ request: HTTPRequest, target: String?) -> STSResponses.Wire {
        guard target != nil else { return .query }
        let type = request.mediaType
        if type == "application/x-amz-json-1.0" || type == "application/x-amz-json-1.1" {
            return .json(contentType: type ?? "application/x-amz-json-1.1")
        }
        return .json(contentType: "application/x-amz-json-1.1")
    }
}
