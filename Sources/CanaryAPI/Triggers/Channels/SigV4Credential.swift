import MiniHTTP

/// The credential scope of a request signed with AWS Signature Version 4: the access key id and the
/// `<date>/<region>/<service>/aws4_request` it signed for
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html).
///
/// Only the shape is checked; the signature is not verified (docs/triggers.md, AWS channel). Parsing is bounded:
/// an `Authorization` value over `maxAuthorizationBytes`, a repeated component, an unknown one or a repeated header
/// is malformed, never a crash and never more work than one pass over at most that many bytes.
package struct SigV4Credential: Sendable, Equatable {
    /// What a request's signature looks like.
    package enum Parsed: Sendable, Equatable {
        /// No SigV4 signature: no `Authorization` header and no `X-Amz-*` signing parameters.
        case unsigned
        /// Something that tries to be a signature but is not a well-formed SigV4 one.
        case malformed
        /// A well-formed signature by this credential.
        case signed(SigV4Credential)
    }

    /// The access key id, e.g. `AKIAIOSFODNN7EXAMPLE`.
    package var accessKeyID: String
    /// The scope's date, `yyyymmdd`.
    package var date: String
    /// The scope's region, e.g. `us-east-1`.
    package var region: String
    /// The scope's service, e.g. `sts`.
    package var service: String

    /// Makes a credential.
    package init(accessKeyID: String, date: String, region: String, service: String) {
        self.accessKeyID = accessKeyID
        self.date = date
        self.region = region
        self.service = service
    }

    /// The only algorithm SigV4 names.
    package static let algorithm = "AWS4-HMAC-SHA256"
    /// Longest `Authorization` value read; AWS's own are a few hundred bytes.
    package static let maxAuthorizationBytes = 4096
    /// The query parameters of a presigned request (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
    private static let queryNames = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature"]

    // MARK: - Parsing

    /// The signature of a request: the `Authorization` header, or the presigned query parameters (in `parameters`,
    /// the request's decoded parameters, nil when they did not decode). Both at once is malformed, as on AWS.
    package static func parse(_ request: HTTPRequest, parameters: HTTPParameters?) -> Parsed {
        let headers = request.headers.values("Authorization")
        let presigned = queryNames.contains { parameters?.contains($0) == true }
        if headers.isEmpty {
            guard presigned, let parameters else { return .unsigned }
            return parseQuery(parameters)
        }
        guard headers.count == 1, !presigned else { return .malformed }
        return parse(authorization: headers[0])
    }

    /// `AWS4-HMAC-SHA256 Credential=<scope>, SignedHeaders=<names>, Signature=<64 hex>`, each component exactly once
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#add-signature-to-request).
    package static func parse(authorization value: String) -> Parsed {
        guard value.utf8.count <= maxAuthorizationBytes else { return .malformed }
        let trimmed = value.trimmingASCIIWhitespace()
        guard trimmed.hasPrefix(algorithm + " ") else { return .malformed }
        var credential: Substring?
        var signedHeaders: Substring?
        var signature: Substring?
        for component in trimmed.dropFirst(algorithm.utf8.count + 1).split(separator: ",", omittingEmptySubsequences: false) {
            let part = component.trimmingASCIIWhitespace()
            guard let equals = part.firstIndex(of: "=") else { return .malformed }
            let name = part[..<equals]
            let text = part[part.index(after: equals)...]
            switch name {
            case "Credential":
                guard credential == nil else { return .malformed }
                credential = text
            case "SignedHeaders":
                guard signedHeaders == nil else { return .malformed }
                signedHeaders = text
            case "Signature":
                guard signature == nil else { return .malformed }
                signature = text
            default:
                return .malformed
            }
        }
        guard let credential, let signedHeaders, let signature,
            isSignedHeaders(signedHeaders), isSignature(signature),
            let scope = parse(scope: credential)
        else { return .malformed }
        return .signed(scope)
    }

    /// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-SignedHeaders` and `X-Amz-Signature`, each exactly once.
    static func parseQuery(_ parameters: HTTPParameters) -> Parsed {
        var values: [String] = []
        for name in queryNames {
            let given = parameters.values(name)
            guard given.count == 1 else { return .malformed }
            values.append(given[0])
        }
        guard values[0] == algorithm, values[1].utf8.count <= maxAuthorizationBytes,
            isSignedHeaders(Substring(values[2])), isSignature(Substring(values[3])),
            let scope = parse(scope: Substring(values[1]))
        else { return .malformed }
        return .signed(scope)
    }

    /// `<key id>/<yyyymmdd>/<region>/<service>/aws4_request`.
    package static func parse(scope: Substring) -> SigV4Credential? {
        let parts = scope.split(separator: "/", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4] == "aws4_request" else { return nil }
        let key = parts[0], date = parts[1], region = parts[2], service = parts[3]
        // IAM key ids are 16 to 128 characters of A-Z and 0-9
        // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKey.html).
        guard (16...128).contains(key.utf8.count), key.utf8.allSatisfy({ isUpper($0) || isDigit($0) }),
            date.utf8.count == 8, date.utf8.allSatisfy(isDigit),
            isScopeWord(region), isScopeWord(service)
        else { return nil }
        return SigV4Credential(
            accessKeyID: String(key), date: String(date), region: String(region), service: String(service))
    }

    // MARK: - Shapes

    /// Lowercase header names joined by `;`.
    private static func isSignedHeaders(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.count <= 2048
            && text.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ";") }
    }

    /// 64 hex digits (a SHA-256 HMAC).
    private static func isSignature(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { isDigit($0) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A region or service name: 1 to 64 of `a-z 0-9 -`.
    private static func isScopeWord(_ text: Substring) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// `A-Z`.
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    /// `a-z`.
    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    /// `0-9`.
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
