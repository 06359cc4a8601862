import MiniHTTP
import Testing

// Helpers for the parser tests: feed bytes in every possible split and check that the parser's answer never depends
// on how the bytes arrived.

/// A parsed request reduced to the parts a test compares.
struct ParsedRequest: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var path: String
    var query: String
    var version: HTTPVersion
    var headers: [HTTPHeaders.Field]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        target = request.target
        path = request.path
        query = request.query
        version = request.version
        headers = Array(request.headers)
        body = request.body
        keepAlive = request.keepAlive
    }

    /// The header fields as name/value pairs, in order.
    var fields: [[String]] { headers.map { [$0.name, $0.value] } }

    /// The body as UTF-8 text.
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var description: String {
        "\(method) \(target) \(version) \(fields) body=\(body.count) bytes"
    }
}

/// Everything one run of the parser over a byte stream produced.
struct ParseOutcome: Equatable, CustomStringConvertible {
    /// The complete requests, in order.
    var requests: [ParsedRequest] = []
    /// The error that stopped parsing, if any.
    var error: HTTPParseError?
    /// `isIdle` after the last call (only meaningful without an error).
    var isIdle = true
    /// `isReadingHead` after the last call (only meaningful without an error).
    var isReadingHead = true

    var description: String {
        "requests: \(requests), error: \(error.map { "\($0)" } ?? "none"), idle: \(isIdle), readingHead: \(isReadingHead)"
    }
}

/// Feeds `bytes` to one parser in pieces cut at the offsets in `splitAt` (one `append` per piece), calling
/// `nextRequest()` after each piece until it needs more bytes or throws.
/// - Parameters:
///   - bytes: The whole byte stream from the client.
///   - limits: The parser's limits.
///   - splitAt: Offsets where one `append` ends and the next begins; `[]` feeds everything at once.
func parseAll(_ bytes: [UInt8], limits: HTTPLimits = .default, splitAt: [Int] = []) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    var cuts = splitAt.filter { $0 > 0 && $0 < bytes.count }.sorted()
    cuts.append(bytes.count)
    var from = 0
    for cut in cuts where cut >= from {
        parser.append(bytes[from..<cut])
        from = cut
        do {
            while let request = try parser.nextRequest() {
                outcome.requests.append(ParsedRequest(request))
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    outcome.isIdle = parser.isIdle
    outcome.isReadingHead = parser.isReadingHead
    return outcome
}

/// `parseAll` over the UTF-8 bytes of `text`.
func parseAll(_ text: String, limits: HTTPLimits = .default, splitAt: [Int] = []) -> ParseOutcome {
    parseAll(Array(text.utf8), limits: limits, splitAt: splitAt)
}

/// Parses `bytes` whole, then split in two at every offset, then one byte at a time, and expects every run to give
/// the same outcome. Returns the outcome of the whole-buffer run.
/// - Parameter everySplit: `false` skips the every-offset and byte-by-byte runs (for inputs of many KiB).
@discardableResult
func parseEveryWay(
    _ bytes: [UInt8], limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    let whole = parseAll(bytes, limits: limits)
    guard everySplit else { return whole }
    for k in 1..<max(1, bytes.count) {
        let split = parseAll(bytes, limits: limits, splitAt: [k])
        if split != whole {
            // One failure is enough to locate the problem; stop there rather than report every offset.
            Issue.record("split at byte \(k) gave \(split), whole gave \(whole)", sourceLocation: sourceLocation)
            return whole
        }
    }
    let byteByByte = parseAll(bytes, limits: limits, splitAt: Array(0..<bytes.count))
    #expect(byteByByte == whole, "byte by byte differs from whole", sourceLocation: sourceLocation)
    return whole
}

/// `parseEveryWay` over the UTF-8 bytes of `text`.
@discardableResult
func parseEveryWay(
    _ text: String, limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParseOutcome {
    parseEveryWay(Array(text.utf8), limits: limits, everySplit: everySplit, sourceLocation: sourceLocation)
}

/// Expects `bytes` to hold exactly one complete request and nothing after it, however it is split; returns it.
@discardableResult
func expectRequest(
    _ bytes: [UInt8], limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParsedRequest? {
    let outcome = parseEveryWay(bytes, limits: limits, everySplit: everySplit, sourceLocation: sourceLocation)
    #expect(outcome.error == nil, "unexpected error", sourceLocation: sourceLocation)
    #expect(outcome.requests.count == 1, "expected one request", sourceLocation: sourceLocation)
    #expect(outcome.isIdle, "bytes left over after the request", sourceLocation: sourceLocation)
    return outcome.requests.first
}

/// `expectRequest` over the UTF-8 bytes of `text`.
@discardableResult
func expectRequest(
    _ text: String, limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParsedRequest? {
    expectRequest(Array(text.utf8), limits: limits, everySplit: everySplit, sourceLocation: sourceLocation)
}

/// Expects `bytes` to fail with exactly `error` before any request completes, however it is split.
func expectParseError(
    _ bytes: [UInt8], _ error: HTTPParseError, limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let outcome = parseEveryWay(bytes, limits: limits, everySplit: everySplit, sourceLocation: sourceLocation)
    #expect(outcome.error == error, sourceLocation: sourceLocation)
    #expect(outcome.requests.isEmpty, "a request completed before the error", sourceLocation: sourceLocation)
}

/// `expectFailure` over the UTF-8 bytes of `text`.
func expectParseError(
    _ text: String, _ error: HTTPParseError, limits: HTTPLimits = .default, everySplit: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectParseError(Array(text.utf8), error, limits: limits, everySplit: everySplit, sourceLocation: sourceLocation)
}

/// A minimal valid HTTP/1.1 request head with `Host`, then the extra header lines, then the body.
func rawRequest(
    _ method: String = "GET", _ target: String = "/", headers: [String] = [], body: String = ""
) -> String {
    var text = "\(method) \(target) HTTP/1.1\r\nHost: example.com\r\n"
    for line in headers { text += line + "\r\n" }
    return text + "\r\n" + body
}

/// A valid `POST /x` head with one extra raw header line, then `body`.
func rawRequestBytes(headerLine: [UInt8], body: [UInt8] = []) -> [UInt8] {
    Array("POST /x HTTP/1.1\r\nHost: h\r\n".utf8) + headerLine + Array("\r\n\r\n".utf8) + body
}

extension HTTPLimits {
    /// Default limits with some fields changed, for small fast limit tests.
    static func modified(_ change: (inout HTTPLimits) -> Void) -> HTTPLimits {
        var limits = HTTPLimits.default
        change(&limits)
        return limits
    }
}

/// RFC 9110 §5.6.2: tchar, written out independently of the parser's own table.
let tcharBytes: Set<UInt8> = Set(Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))

/// What one `nextRequest()` call answered, as an Equatable value.
enum ParseStep: Equatable {
    /// A complete request.
    case request(ParsedRequest)
    /// More bytes needed.
    case needsMore
    /// The parser threw.
    case failed(HTTPParseError)
}

extension HTTPRequestParser {
    /// Appends `text` as UTF-8.
    mutating func append(_ text: String) {
        append(Array(text.utf8))
    }

    /// Calls `nextRequest()` once and returns its answer as a value.
    mutating func poll() -> ParseStep {
        do {
            guard let request = try nextRequest() else { return .needsMore }
            return .request(ParsedRequest(request))
        } catch {
            return .failed(error)
        }
    }
}

/// Expects one `nextRequest()` call on `parser` to answer `expected`.
func expectPoll(
    _ parser: inout HTTPRequestParser, _ expected: ParseStep, sourceLocation: SourceLocation = #_sourceLocation
) {
    let step = parser.poll()
    #expect(step == expected, sourceLocation: sourceLocation)
}

/// Expects `takeContinueRequest()` on `parser` to answer `expected`.
func expectContinueWanted(
    _ parser: inout HTTPRequestParser, _ expected: Bool, sourceLocation: SourceLocation = #_sourceLocation
) {
    let wanted = parser.takeContinueRequest()
    #expect(wanted == expected, sourceLocation: sourceLocation)
}
