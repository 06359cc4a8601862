import CanaryStore
import MiniHTTP

/// The HTTP channel: a request to a token's own URL, on the mock's port (docs/triggers.md, HTTP channel).
///
/// A request whose path is not under `/api/` or `/_mock/` and has a path segment that is a token id is a hit from
/// the peer, any method. It answers what the token server gives for the kind; an unknown or disabled token, or a
/// redirect token without its URL, gets the pixel and records nothing. A token server never shows an API error:
/// a failed write (logged by the pipeline) still gets the kind's answer.
package enum TokenURLChannel {
    /// Most id-shaped segments looked up per request, so a path of many 25-character segments costs a bounded
    /// number of store reads.
    package static let maxCandidates = 4

    /// The length of a token id.
    package static let idLength = 25

    // MARK: - Finding the token id

    /// The path segments shaped like a token id (25 of `[0-9A-Za-z]`), lowercased, in order, at most
    /// `maxCandidates`. One pass over the bytes; nothing is allocated for a path without such a segment.
    package static func candidates(inPath path: String) -> [String] {
        var found: [String] = []
        var path = path
        path.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count, found.count < maxCandidates {
                var end = start
                var shaped = true
                while end < bytes.count, bytes[end] != UInt8(ascii: "/") {
                    if shaped, !isIDByte(bytes[end]) { shaped = false }
                    end += 1
                }
                if shaped, end - start == idLength {
                    found.append(String(unsafeUninitializedCapacity: idLength) { buffer in
                        for offset in 0..<idLength { buffer[offset] = lowercased(bytes[start + offset]) }
                        return idLength
                    })
                }
                start = end + 1
            }
        }
        return found
    }

    /// Whether a path is the channel's: outside `/api/` and `/_mock/`.
    package static func isTokenPath(_ path: String) -> Bool {
        !path.hasPrefix("/api/") && !path.hasPrefix("/_mock/")
    }

    // MARK: - Answering

    /// The answer to a request whose path holds `candidates` (from `candidates(inPath:)`, not empty): the first
    /// that is a stored token decides. Records the hit before answering.
    package static func respond(
        to request: HTTPRequest, candidates: [String], context: ConsoleContext
    ) -> HTTPResponse {
        var found: TokenRecord?
        for id in candidates {
            do {
                found = try context.store.token(id)
            } catch {
                context.log("store read failed (token URL): \(error)")
                return TokenURLAnswers.gif
            }
            if found != nil { break }
        }
        guard let token = found, let answer = answer(for: token, context: context) else {
            return TokenURLAnswers.gif
        }
        // A disabled token answers as it would and records nothing (docs/api.md §7.2): the decoy never tells.
        guard token.enabled else { return answer }
        let peer = PeerAddress.split(request.remoteAddress)
        let trigger = Trigger(
            canarytoken: token.canarytoken, srcIP: peer.ip, srcPort: peer.port,
            fields: eventFields(request, context: context))
        // A store failure is logged by the pipeline; the client still gets the kind's answer.
        _ = try? context.triggers.record(trigger)
        return answer
    }

    /// The kind's answer, or nil for a redirect token without its URL (answered with the pixel, not recorded).
    static func answer(for token: TokenRecord, context: ConsoleContext) -> HTTPResponse? {
        switch token.kind {
        case "fast-redirect":
            guard let url = token.attributes["browser_redirect_url"], !url.isEmpty else { return nil }
            return TokenURLAnswers.redirect(to: url)
        case "slow-redirect":
            guard let url = token.attributes["browser_redirect_url"], !url.isEmpty else { return nil }
            return TokenURLAnswers.slowRedirect(to: url)
        case "web-image":
            let file: TokenFile?
            do {
                file = try context.store.tokenFile(token.canarytoken, name: "web_image")
            } catch {
                context.log("store read failed (web image): \(error)")
                file = nil
            }
            guard let file, !file.bytes.isEmpty else { return TokenURLAnswers.gif }
            return TokenURLAnswers.image(file.bytes, contentType: file.contentType ?? "application/octet-stream")
        default:
            return TokenURLAnswers.gif
        }
    }

    // MARK: - Event fields

    /// `headers`, `url` and `request_args`, as in the Console's HTTP event (docs/triggers.md).
    static func eventFields(_ request: HTTPRequest, context: ConsoleContext) -> [String: JSONValue] {
        let host = request.headers["Host"] ?? context.configuration.tokenDomain
        return [
            "headers": headerObject(request.headers),
            "url": .string("http://\(host)\(request.target)"),
            "request_args": queryArguments(request.query),
        ]
    }

    /// The request's headers as an object: names as sent (the first spelling of a name), a repeated header's values
    /// joined with `", "` (RFC 9110 §5.3).
    package static func headerObject(_ headers: HTTPHeaders) -> JSONValue {
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(headers.count)
        var seen: [String: String] = [:]
        for field in headers {
            let folded = field.name.lowercased()
            if let name = seen[folded], case .string(let earlier) = object[name] {
                object[name] = .string(earlier + ", " + field.value)
            } else {
                seen[folded] = field.name
                object[field.name] = .string(field.value)
            }
        }
        return .object(object)
    }

    /// The query's arguments as an object of strings; a repeated one keeps its last value. A query that does not
    /// decode (a bad `%` escape, not UTF-8) gives `{}`: the hit is still recorded.
    package static func queryArguments(_ query: String) -> JSONValue {
        guard !query.isEmpty, let fields = try? URLEncodedForm.decode(query) else { return .object([:]) }
        var object: [String: JSONValue] = [:]
        for field in fields { object[field.name] = .string(field.value) }
        return .object(object)
    }

    // MARK: - Bytes

    /// `0-9`, `A-Z` or `a-z`.
    @inline(__always)
    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// An ASCII letter in lowercase; other bytes as they are.
    @inline(__always)
    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}
