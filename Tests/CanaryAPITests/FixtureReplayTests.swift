import CanaryAPI
import CanaryStore
import Foundation
import MiniHTTP
import Testing

/// One file of `fixtures/api/`: a request as a client sends it and the answer the contract requires, with generated
/// values written as placeholders (see fixtures/api/README.md).
struct APIFixture: Sendable, CustomTestStringConvertible {
    /// Why a fixture cannot be used.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The file name, such as `create-http.json`.
    let name: String
    /// The parsed file.
    let document: JSONValue

    var testDescription: String { name }

    /// `fixtures/api/`, found from this file's place at Tests/CanaryAPITests/FixtureReplayTests.swift.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CanaryAPITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("fixtures/api")

    /// Every `*.json` fixture, by name.
    static func all() throws -> [APIFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            do {
                return APIFixture(name: name, document: try JSONReader.parse(bytes))
            } catch {
                throw LoadError(description: "\(name): \(error)")
            }
        }
    }

    /// The bytes of a file beside the fixtures (an upload).
    static func file(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// The placeholders fixtures use for generated values, each with the format its value must have.
enum Placeholder {
    /// Placeholders for text, whole strings or parts of one (`canarydrop:<canarytoken>`).
    static let text: [String: @Sendable (String) -> Bool] = [
        "canarytoken": { Formats.isTokenID($0) },
        "created": { Formats.isCreated($0) },
        "created_printable": { Formats.isCreatedPrintable($0) },
        "path-word": { Formats.pathWords.contains($0) },
        "page": { Formats.pageNames.contains($0) },
        "factory_auth": { Formats.isFactoryAuth($0) },
        "access_key_id": { Formats.isAccessKeyID($0) },
        "secret_access_key": { Formats.isSecretAccessKey($0) },
        "username": { Formats.isAWSUsername($0) },
        "version": { text in
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        },
    ]
    /// Placeholders for a whole integer value: `"updated_id": "<updated_id>"` stands for a number ≥ 1.
    static let integers: Set<String> = ["updated_id"]
    /// Placeholders for a whole non-negative number, integer or not: `"uptime_seconds": "<uptime_seconds>"`,
    /// `"duration_ms": "<duration_ms>"` (the journal's time spent answering).
    static let numbers: Set<String> = ["uptime_seconds", "duration_ms"]

    /// A piece of a template string.
    enum Piece: Equatable {
        case literal(Substring)
        case hole(String)
    }

    /// Splits a template into literal text and known placeholders; unknown `<…>` (such as `<script>`) is literal.
    static func pieces(_ template: String) -> [Piece] {
        var result: [Piece] = []
        var literalStart = template.startIndex
        var index = template.startIndex
        while index < template.endIndex {
            if template[index] == "<", let close = template[index...].firstIndex(of: ">") {
                let name = String(template[template.index(after: index)..<close])
                if text[name] != nil {
                    if literalStart < index { result.append(.literal(template[literalStart..<index])) }
                    result.append(.hole(name))
                    index = template.index(after: close)
                    literalStart = index
                    continue
                }
            }
            index = template.index(after: index)
        }
        if literalStart < template.endIndex { result.append(.literal(template[literalStart...])) }
        return result
    }

    /// Whether `value` fits the template; a placeholder seen before must have the same value again.
    static func match(_ pieces: ArraySlice<Piece>, _ value: Substring, _ bindings: inout [String: String]) -> Bool {
        guard let first = pieces.first else { return value.isEmpty }
        let rest = pieces.dropFirst()
        switch first {
        case .literal(let literal):
            guard value.hasPrefix(literal) else { return false }
            return match(rest, value.dropFirst(literal.count), &bindings)
        case .hole(let name):
            if let bound = bindings[name] {
                guard value.hasPrefix(bound) else { return false }
                return match(rest, value.dropFirst(bound.count), &bindings)
            }
            guard let accepts = text[name] else { return false }
            var end = value.startIndex
            while true {
                let candidate = String(value[..<end])
                if accepts(candidate) {
                    var trial = bindings
                    trial[name] = candidate
                    if match(rest, value[end...], &trial) {
                        bindings = trial
                        return true
                    }
                }
                guard end < value.endIndex else { return false }
                end = value.index(after: end)
            }
        }
    }

    /// Replaces every bound placeholder in a request value.
    static func substitute(_ text: String, _ bindings: [String: String]) -> String {
        var result = text
        for (name, value) in bindings { result = result.replacingOccurrences("<\(name)>", with: value) }
        return result
    }

    /// Compares a response body with the fixture's: exact keys, exact values, placeholders by format.
    static func compare(
        _ expected: JSONValue, _ actual: JSONValue?, at path: String, _ bindings: inout [String: String],
        _ problems: inout [String]
    ) {
        guard let actual else {
            problems.append("\(path): missing")
            return
        }
        switch expected {
        case .object(let members):
            guard let actualMembers = actual.objectValue else {
                problems.append("\(path): expected an object, found \(actual.typeName)")
                return
            }
            let missing = Set(members.keys).subtracting(actualMembers.keys)
            let extra = Set(actualMembers.keys).subtracting(members.keys)
            if !missing.isEmpty { problems.append("\(path): missing keys \(missing.sorted())") }
            if !extra.isEmpty { problems.append("\(path): extra keys \(extra.sorted())") }
            for key in members.keys.sorted() where actualMembers[key] != nil {
                compare(members[key] ?? .null, actualMembers[key], at: "\(path).\(key)", &bindings, &problems)
            }
        case .array(let elements):
            guard let actualElements = actual.arrayValue, actualElements.count == elements.count else {
                problems.append("\(path): expected \(elements.count) elements, found \(actual)")
                return
            }
            for (offset, element) in elements.enumerated() {
                compare(element, actualElements[offset], at: "\(path)[\(offset)]", &bindings, &problems)
            }
        case .string(let template):
            if template.hasPrefix("<"), template.hasSuffix(">"), numbers.contains(String(template.dropFirst().dropLast())) {
                guard let number = actual.doubleValue, number >= 0 else {
                    problems.append("\(path): expected a number ≥ 0, found \(actual)")
                    return
                }
                return
            }
            if template.hasPrefix("<"), template.hasSuffix(">"), integers.contains(String(template.dropFirst().dropLast())) {
                guard let number = actual.intValue, number >= 1 else {
                    problems.append("\(path): expected an integer ≥ 1, found \(actual)")
                    return
                }
                return
            }
            guard let value = actual.stringValue else {
                problems.append("\(path): expected a string, found \(actual.typeName)")
                return
            }
            if !match(pieces(template)[...], value[...], &bindings) {
                problems.append("\(path): \(value.debugDescription) does not fit \(template.debugDescription)")
            }
        case .null, .bool, .int, .double:
            if expected != actual { problems.append("\(path): expected \(expected), found \(actual)") }
        }
    }
}

/// Turns a fixture request into `HTTPRequest`s and into the curl command line users copy.
enum FixtureRequest {
    /// The text pairs of an object member, sorted by name, with bound placeholders substituted.
    static func pairs(_ spec: JSONValue?, _ bindings: [String: String]) -> [(String, String)] {
        guard let members = spec?.objectValue else { return [] }
        return members.keys.sorted().map { ($0, Placeholder.substitute(members[$0]?.stringValue ?? "", bindings)) }
    }

    /// The request a fixture describes.
    static func make(_ spec: JSONValue, _ bindings: [String: String]) throws -> HTTPRequest {
        let method = HTTPMethod(rawValue: spec["method"]?.stringValue ?? "")
        let path = Placeholder.substitute(spec["path"]?.stringValue ?? "", bindings)
        let query = pairs(spec["query"], bindings)
        let headers = pairs(spec["headers"], bindings)
        if let multipartSpec = spec["multipart"] {
            var body = MultipartBody()
            for (name, value) in pairs(multipartSpec["fields"], bindings) { body.addField(name, value) }
            let files = multipartSpec["files"]?.objectValue ?? [:]
            for name in files.keys.sorted() {
                let file = files[name]?["file"]?.stringValue ?? ""
                let type = files[name]?["content_type"]?.stringValue ?? "application/octet-stream"
                body.addFile(name, filename: file, contentType: type, bytes: try APIFixture.file(file))
            }
            return .make(method, path, query: query, multipart: body, headers: headers)
        }
        let form = pairs(spec["form"], [:]).isEmpty ? nil : pairs(spec["form"], bindings)
        return .make(method, path, query: query, form: form, headers: headers)
    }

    /// The curl command for a fixture request against a mock on the default address; placeholders stay for the
    /// user to replace.
    static func curl(_ spec: JSONValue) -> String {
        let form = pairs(spec["form"], [:])
        let multipart = spec["multipart"]
        let method = spec["method"]?.stringValue ?? ""
        var arguments = ["curl", "-sS"]
        if method != (form.isEmpty && multipart == nil ? "GET" : "POST") { arguments += ["-X", method] }
        for (name, value) in pairs(spec["headers"], [:]) { arguments += ["-H", quote("\(name): \(value)")] }
        var url = "http://127.0.0.1:8080" + (spec["path"]?.stringValue ?? "")
        let query = pairs(spec["query"], [:])
        if !query.isEmpty { url += "?" + query.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&") }
        arguments.append(quote(url))
        for (name, value) in form { arguments += ["--data-urlencode", quote("\(name)=\(value)")] }
        if let multipart {
            for (name, value) in pairs(multipart["fields"], [:]) { arguments += ["-F", quote("\(name)=\(value)")] }
            let files = multipart["files"]?.objectValue ?? [:]
            for name in files.keys.sorted() {
                let file = files[name]?["file"]?.stringValue ?? ""
                let type = files[name]?["content_type"]?.stringValue ?? ""
                arguments += ["-F", quote("\(name)=@\(file);type=\(type)")]
            }
        }
        return arguments.joined(separator: " ")
    }

    /// Percent-encodes a query value, leaving a whole placeholder readable.
    static func encode(_ value: String) -> String {
        Formats.matches(value, "<[a-z_-]+>") ? value : PercentEncoding.encode(value, spaceAsPlus: false)
    }

    /// Single-quotes a shell word unless it is plainly safe.
    static func quote(_ word: String) -> String {
        Formats.matches(word, "[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replacingOccurrences("'", with: "'\\''") + "'"
    }
}

@Suite("Fixtures: fixtures/api replayed against the responder")
struct FixtureReplayTests {
    @Test("Replays each fixture: status, headers, every exact field, placeholders by format", arguments: try APIFixture.all())
    func replay(_ fixture: APIFixture) throws {
        let document = fixture.document
        let console = try TestConsole(configuration: MockConfiguration())
        var bindings: [String: String] = [:]
        for (offset, step) in (document["setup"]?.arrayValue ?? []).enumerated() {
            let request = try FixtureRequest.make(try #require(step["request"]), bindings)
            let reply = try console.send(request)
            #expect(reply.status == 200, "\(fixture.name) setup #\(offset): \(reply.text)")
            for (placeholder, path) in step["save"]?.objectValue ?? [:] {
                var value: JSONValue? = reply.json
                for key in (path.stringValue ?? "").split(separator: ".") { value = value?[String(key)] }
                let name = String(placeholder.dropFirst().dropLast())
                bindings[name] = try #require(value?.stringValue, "\(fixture.name): setup saves \(path)")
            }
        }
        let requestSpec = try #require(document["request"], "\(fixture.name): no request")
        let response = try #require(document["response"], "\(fixture.name): no response")
        let reply = try console.send(try FixtureRequest.make(requestSpec, bindings))

        #expect(reply.status == response["status"]?.intValue, "\(fixture.name): \(reply.text)")
        // Header values and a text body (`body_text`, for file downloads) are templates: placeholders by format.
        for (name, value) in response["headers"]?.objectValue ?? [:] {
            let template = Placeholder.pieces(value.stringValue ?? "")
            let sent = Substring(reply.response.headers[name] ?? "")
            #expect(Placeholder.match(template[...], sent, &bindings), "\(fixture.name): header \(name): \(sent)")
        }
        if let text = response["body_text"]?.stringValue {
            let matched = Placeholder.match(Placeholder.pieces(text)[...], Substring(reply.text), &bindings)
            #expect(matched, "\(fixture.name): body text:\n\(reply.text)")
            return
        }
        var problems: [String] = []
        Placeholder.compare(try #require(response["body"]), reply.json, at: "body", &bindings, &problems)
        #expect(problems.isEmpty, "\(fixture.name):\n\(problems.joined(separator: "\n"))\n\(reply.text)")
    }

    @Test("Each fixture is readable: a description, the curl line for its request, a request and a response", arguments: try APIFixture.all())
    func shape(_ fixture: APIFixture) throws {
        let document = fixture.document
        let keys = Set(document.objectValue?.keys.map { $0 } ?? [])
        #expect(keys.isSubset(of: ["description", "curl", "setup", "request", "response"]), "\(fixture.name): \(keys)")
        #expect((document["description"]?.stringValue ?? "").count > 10, "\(fixture.name)")
        let request = try #require(document["request"])
        #expect(document["curl"]?.stringValue == FixtureRequest.curl(request), "\(fixture.name)")
        let requestKeys = Set(request.objectValue?.keys.map { $0 } ?? [])
        #expect(requestKeys.isSubset(of: ["method", "path", "query", "form", "multipart", "headers"]), "\(fixture.name)")
        #expect(request["form"] == nil || request["multipart"] == nil)
        let response = try #require(document["response"])
        let responseKeys = Set(response.objectValue?.keys.map { $0 } ?? [])
        #expect(responseKeys.isSubset(of: ["status", "headers", "body", "body_text"]), "\(fixture.name)")
        #expect((response["body"] == nil) != (response["body_text"] == nil), "\(fixture.name): body or body_text")
        #expect(response["status"]?.intValue != nil)
    }

    @Test("The fixtures cover every route, every client-facing error message and every kind-specific field")
    func coverage() throws {
        let fixtures = try APIFixture.all()
        let paths = Set(fixtures.compactMap { $0.document["request"]?["path"]?.stringValue })
        let console = try TestConsole()
        for route in console.api.routes { #expect(paths.contains(route.path), "no fixture for \(route.path)") }
        let messages = Set(fixtures.compactMap { $0.document["response"]?["body"]?["message"]?.stringValue })
        for message in [
            Message.invalidAuthToken, Message.unauthorized, Message.emptyMemo, Message.badParameters, Message.clonedWebLabels,
            Message.invalidKind, Message.noFlock, Message.tokenNotFound, Message.factoryNotFound, Message.invalidFactoryAuth,
            "Not Found", "Method Not Allowed",
        ] {
            #expect(messages.contains(message), "no fixture answers \(message)")
        }
        let names = Set(fixtures.map(\.name))
        for required in [
            "create-http.json", "create-aws-id.json", "fetch.json", "create-factory.json", "delete-factory.json",
            "factory-create.json", "ping.json", "error-invalid-auth-token.json", "error-unauthorized-header.json",
            "error-empty-memo.json", "error-invalid-kind.json", "error-flock.json", "error-cloned-web-labels.json",
            "error-token-not-found.json", "error-invalid-factory-auth.json",
        ] {
            #expect(names.contains(required), "missing \(required)")
        }
    }

    // MARK: - The matcher itself

    @Test("Placeholders match by format, bind once, and leave unknown <…> literal")
    func matcher() {
        var bindings: [String: String] = [:]
        let id = "abcdefghijklmnopqrstuvwxy"
        #expect(Placeholder.match(Placeholder.pieces("canarydrop:<canarytoken>")[...], "canarydrop:\(id)"[...], &bindings))
        #expect(bindings["canarytoken"] == id)
        #expect(!Placeholder.match(Placeholder.pieces("<canarytoken>")[...], "bcdefghijklmnopqrstuvwxyz"[...], &bindings))
        var fresh: [String: String] = [:]
        #expect(!Placeholder.match(Placeholder.pieces("<canarytoken>")[...], "ABC"[...], &fresh))
        #expect(Placeholder.match(
            Placeholder.pieces("<script>http://d/<path-word>/<canarytoken>/<page>?l=</script>")[...],
            "<script>http://d/cdn/\(id)/logo.gif?l=</script>"[...], &bindings))
        #expect(bindings["page"] == "logo.gif")
        #expect(Placeholder.pieces("<script>") == [.literal("<script>")])
        var problems: [String] = []
        Placeholder.compare(["a": 1, "b": "<updated_id>"], ["a": 1, "b": 3, "c": 0], at: "body", &bindings, &problems)
        #expect(problems == ["body: extra keys [\"c\"]"])
    }
}
