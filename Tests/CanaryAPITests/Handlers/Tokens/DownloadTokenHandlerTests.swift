import CanaryAPI
import CanaryStore
import Foundation
import MiniHTTP
import TestSupport
import Testing
import TokenFiles

/// What a kind's download must be: its file name (from the token id) and content type, or no file at all.
private struct DownloadCase: Sendable, CustomTestStringConvertible {
    let kind: String
    /// The `Content-Disposition` file name for that token id, or `nil` when the kind has no file.
    let name: (@Sendable (String) -> String)?
    let contentType: String
    /// Whether the builder makes the same bytes every time for a stored token (the PDF's URI path is random).
    let deterministic: Bool
    var testDescription: String { kind }

    /// Every kind with a file, with the name and type its download must have; every other kind answers 400.
    static let files: [String: DownloadCase] = Dictionary(uniqueKeysWithValues: [
        DownloadCase(kind: "doc-msword", name: { "\($0).docx" },
                     contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        DownloadCase(kind: "windows-dir", name: { "\($0).zip" }, contentType: "application/zip"),
        DownloadCase(kind: "pdf-acrobat-reader", name: { "\($0).pdf" }, contentType: "application/pdf",
                     deterministic: false),
        DownloadCase(kind: "msword-macro", name: { "\($0).docm" },
                     contentType: "application/vnd.ms-word.document.macroEnabled.12"),
        DownloadCase(kind: "msexcel-macro", name: { "\($0).xlsm" },
                     contentType: "application/vnd.ms-excel.sheet.macroEnabled.12"),
        DownloadCase(kind: "aws-id", name: { _ in "credentials" }, contentType: "text/plain"),
        DownloadCase(kind: "qr-code", name: { "\($0).png" }, contentType: "image/png"),
        DownloadCase(kind: "doc-msexcel", name: { "\($0).xlsx" },
                     contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        DownloadCase(kind: "wireguard", name: { _ in "wg0.conf" }, contentType: "text/plain"),
        // KindCase gives azure_id_cert_file_name = login.pem.
        DownloadCase(kind: "azure-id", name: { _ in "login.zip" }, contentType: "application/zip"),
        DownloadCase(kind: "slack-api", name: { _ in "slack_creds" }, contentType: "text/plain"),
        DownloadCase(kind: "mysql-dump", name: { "\($0)_mysql_dump.sql.gz" }, contentType: "application/gzip"),
        DownloadCase(kind: "sensitive-cmd", name: { "\($0).reg" }, contentType: "text/plain"),
        DownloadCase(kind: "signed-exe", name: { "\($0).exe" }, contentType: "application/octet-stream"),
    ].map { ($0.kind, $0) })

    init(kind: String, name: (@Sendable (String) -> String)?, contentType: String, deterministic: Bool = true) {
        self.kind = kind
        self.name = name
        self.contentType = contentType
        self.deterministic = deterministic
    }

    /// The expectation for that kind: its file, or none.
    static func of(_ kind: String) -> DownloadCase {
        files[kind] ?? DownloadCase(kind: kind, name: nil, contentType: "application/json", deterministic: true)
    }
}

/// The Console's download messages, spelled out here rather than taken from the code under test.
private enum DownloadMessage {
    static let fileGenerationNotSupported = "File generation not supported."
    static let internalError = "Internal server error"
}

/// The download paths.
private enum DownloadPaths {
    static let download = "/api/v1/canarytoken/download"
    static let factoryDownload = "/api/v1/canarytoken/factory/download"
}

@Suite("Token downloads: canarytoken/download and canarytoken/factory/download")
struct DownloadTokenHandlerTests {
    // MARK: - Helpers

    /// `GET canarytoken/download?auth_token=…&canarytoken=id`.
    private static func download(
        _ console: TestConsole, _ id: String, method: HTTPMethod = .get, auth: Auth = .parameter(TestConsole.authToken),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try console.call(method, DownloadPaths.download, [("canarytoken", id)], via: .query, auth: auth,
                         sourceLocation: sourceLocation)
    }

    /// `GET canarytoken/factory/download?factory_auth=…&canarytoken=id`, no API key.
    private static func factoryDownload(
        _ console: TestConsole, _ id: String, factoryAuth: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        try console.call(.get, DownloadPaths.factoryDownload, [("factory_auth", factoryAuth), ("canarytoken", id)],
                         via: .query, auth: .none, sourceLocation: sourceLocation)
    }

    /// Creates a token of that kind with KindCase's minimal valid multipart request (signed-exe with its `exe`),
    /// through the API, or through the factory endpoint when `factoryAuth` is given. Returns the token id.
    private static func create(
        _ console: TestConsole, kind: String, factoryAuth: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let kindCase = try #require(KindCase.all.first { $0.kind == kind }, sourceLocation: sourceLocation)
        var body = kindCase.multipart(memo: "download \(kind)")
        let request: HTTPRequest
        if let factoryAuth {
            body.addField("factory_auth", factoryAuth)
            request = .make(.post, Paths.factory, multipart: body)
        } else {
            request = .make(.post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: body)
        }
        let reply = try console.send(request, sourceLocation: sourceLocation)
        #expect(reply.status == 200, "\(reply.text)", sourceLocation: sourceLocation)
        return try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue, sourceLocation: sourceLocation)
    }

    /// Checks a reply against the kind's expectation: the file (name, type, disposition, robots header, non-empty
    /// body, and the builder's bytes for the stored token where the builder is deterministic) or the 400.
    private static func expectDownload(
        _ reply: Reply, _ expected: DownloadCase, id: String, console: TestConsole,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        guard let name = expected.name?(id) else {
            expectError(reply, DownloadMessage.fileGenerationNotSupported, status: 400, sourceLocation: sourceLocation)
            return
        }
        let headers = reply.response.headers
        #expect(reply.status == 200, "\(reply.text.prefix(200))", sourceLocation: sourceLocation)
        #expect(headers["Content-Type"] == expected.contentType, sourceLocation: sourceLocation)
        #expect(headers["Content-Disposition"] == "attachment; filename=\(name)", sourceLocation: sourceLocation)
        #expect(headers["X-Robots-Tag"] == "noindex", sourceLocation: sourceLocation)
        #expect(headers.values("Content-Disposition").count == 1, sourceLocation: sourceLocation)
        #expect(!reply.response.body.isEmpty, sourceLocation: sourceLocation)

        let stored = try #require(try console.store.token(id), sourceLocation: sourceLocation)
        let kind = try #require(KindsTable.kind(named: expected.kind), sourceLocation: sourceLocation)
        let builder = try #require(kind.file, "\(expected.kind) names a builder", sourceLocation: sourceLocation)
        let upload = try kind.uploadParameter.flatMap { try console.store.tokenFile(id, name: $0)?.bytes }
        let built = try builder.build(TokenFileInput(stored, upload: upload))
        #expect(built.name == name, sourceLocation: sourceLocation)
        #expect(built.contentType == expected.contentType, sourceLocation: sourceLocation)
        if expected.deterministic {
            #expect(reply.response.body == built.bytes, "the builder's bytes for the stored token",
                    sourceLocation: sourceLocation)
        } else {
            // pdf-acrobat-reader: the action URI ends in 12 random letters; the rest is fixed by that URI.
            let text = String(decoding: reply.response.body, as: UTF8.self)
            let prefix = "/URI (http://\(stored.hostname)/"
            let start = try #require(text.firstRange(of: prefix), "URI on the token host: \(text)",
                                     sourceLocation: sourceLocation)
            let letters = String(text[start.upperBound...].prefix(12))
            #expect(letters.count == 12 && letters.allSatisfy { ("A"..."Y").contains($0) }, sourceLocation: sourceLocation)
            #expect(reply.response.body == PDFBuilder.document(uri: "http://\(stored.hostname)/\(letters)"),
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - Every kind

    @Test("Every kind downloads its file or answers File generation not supported.",
          arguments: KindsTable.all.map(\.name))
    func everyKind(_ kind: String) throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: kind)
        let expected = DownloadCase.of(kind)
        try Self.expectDownload(try Self.download(console, id), expected, id: id, console: console)
        // The builder is in the table exactly when a file is expected.
        #expect((KindsTable.kind(named: kind)?.file != nil) == (expected.name != nil))
    }

    @Test("Every kind made by a factory downloads the same way through the factory route",
          arguments: KindsTable.all.map(\.name))
    func everyKindFactory(_ kind: String) throws {
        let console = try TestConsole(["factory_kinds": ["*"]])
        let id = try Self.create(console, kind: kind, factoryAuth: TestConsole.factoryAuth)
        let expected = DownloadCase.of(kind)
        try Self.expectDownload(
            try Self.factoryDownload(console, id, factoryAuth: TestConsole.factoryAuth), expected, id: id,
            console: console)
        // The Console route serves factory-made tokens too.
        try Self.expectDownload(try Self.download(console, id), expected, id: id, console: console)
    }

    @Test("The expectations name only kinds of the table, and the table's file kinds are exactly them")
    func tableCoverage() {
        let names = Set(KindsTable.all.map(\.name))
        #expect(Set(DownloadCase.files.keys).isSubset(of: names))
        #expect(Set(KindsTable.all.filter { $0.file != nil }.map(\.name)) == Set(DownloadCase.files.keys))
    }

    @Test("Downloading twice gives the same bytes (deterministic kinds) and leaves the token unchanged")
    func repeatable() throws {
        let console = try TestConsole()
        for kind in DownloadCase.files.values where kind.deterministic {
            let id = try Self.create(console, kind: kind.kind)
            let before = try console.fetch(id).json
            let first = try Self.download(console, id)
            let second = try Self.download(console, id)
            #expect(first.response.body == second.response.body, "\(kind.kind)")
            #expect(try console.fetch(id).json == before, "\(kind.kind)")
        }
    }

    // MARK: - Errors and auth

    @Test("A missing, empty or unknown canarytoken is not found",
          arguments: [nil, "", "0000000000000000000000000", "not-a-token"] as [String?])
    func notFound(_ id: String?) throws {
        let console = try TestConsole()
        let parameters = id.map { [("canarytoken", $0)] } ?? []
        expectError(try console.call(.get, DownloadPaths.download, parameters, via: .query),
                    Message.tokenNotFound, status: 404)
        expectError(
            try console.call(.get, DownloadPaths.factoryDownload, [("factory_auth", TestConsole.factoryAuth)] + parameters,
                             via: .query, auth: .none),
            Message.tokenNotFound, status: 404)
    }

    @Test("A deleted token is not found")
    func deletedToken() throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: "aws-id")
        #expect(try console.call(.post, ConsolePaths.delete, [("canarytoken", id)]).status == 200)
        expectError(try Self.download(console, id), Message.tokenNotFound, status: 404)
    }

    @Test("Without the API key or with a wrong one: 401, before the token is looked up")
    func unauthorized() throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: "aws-id")
        expectError(try Self.download(console, id, auth: .none), Message.invalidAuthToken, status: 401)
        expectError(try Self.download(console, id, auth: .header("wrong")), Message.unauthorized, status: 401)
        expectError(try Self.download(console, id, auth: .parameter("wrong")), Message.invalidAuthToken, status: 401)
        expectError(try Self.download(console, "0000000000000000000000000", auth: .parameter("wrong")),
                    Message.invalidAuthToken, status: 401)
        // A factory string is no API key on the Console route.
        #expect(try console.call(.get, DownloadPaths.download,
                                 [("factory_auth", TestConsole.factoryAuth), ("canarytoken", id)],
                                 via: .query, auth: .none).status == 401)
    }

    @Test("The API key in the X-Canary-Auth-Token header works, and the second configured key too")
    func headerAuth() throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: "slack-api")
        let expected = DownloadCase.of("slack-api")
        try Self.expectDownload(try Self.download(console, id, auth: .header(TestConsole.authToken)), expected, id: id,
                                console: console)
        try Self.expectDownload(try Self.download(console, id, auth: .parameter(TestConsole.secondAuthToken)),
                                expected, id: id, console: console)
    }

    @Test("A builder failure answers 500 Internal server error")
    func builderFailure() throws {
        let console = try TestConsole()
        // An aws-id token stored without its key pair: the builder has nothing to write.
        _ = try console.store.insertToken(NewToken(
            canarytoken: "brokenawsid0000000000000a", kind: "aws-id", memo: "broken", flockID: "flock:default",
            createdMicros: TestConsole.now, url: "http://\(TestConsole.domain)/x/brokenawsid0000000000000a/index.html",
            hostname: "brokenawsid0000000000000a.\(TestConsole.domain)"))
        expectError(try Self.download(console, "brokenawsid0000000000000a"), DownloadMessage.internalError, status: 500)
    }

    // MARK: - The factory route

    @Test("Factory route: an API-made token and another factory's token are not found")
    func factoryScope() throws {
        let console = try TestConsole()
        let apiMade = try Self.create(console, kind: "aws-id")
        expectError(try Self.factoryDownload(console, apiMade, factoryAuth: TestConsole.factoryAuth),
                    Message.tokenNotFound, status: 404)
        let other = try Self.create(console, kind: "aws-id", factoryAuth: TestConsole.otherFlockFactoryAuth)
        expectError(try Self.factoryDownload(console, other, factoryAuth: TestConsole.factoryAuth),
                    Message.tokenNotFound, status: 404)
        // Its own factory finds it.
        try Self.expectDownload(
            try Self.factoryDownload(console, other, factoryAuth: TestConsole.otherFlockFactoryAuth),
            DownloadCase.of("aws-id"), id: other, console: console)
        // A factory made over the API sees only its own too.
        let made = try console.newFactory()
        let own = try Self.create(console, kind: "wireguard", factoryAuth: made)
        try Self.expectDownload(try Self.factoryDownload(console, own, factoryAuth: made), DownloadCase.of("wireguard"),
                                id: own, console: console)
        expectError(try Self.factoryDownload(console, own, factoryAuth: TestConsole.factoryAuth),
                    Message.tokenNotFound, status: 404)
    }

    @Test("Factory route: a deleted, unknown, empty or missing factory_auth is Invalid factory_auth")
    func factoryAuth() throws {
        let console = try TestConsole()
        let made = try console.newFactory()
        let id = try Self.create(console, kind: "aws-id", factoryAuth: made)
        #expect(try console.deleteFactory([("factory_auth", made)]).status == 200)
        expectError(try Self.factoryDownload(console, id, factoryAuth: made), Message.invalidFactoryAuth, status: 401)
        expectError(try Self.factoryDownload(console, id, factoryAuth: "unknown"), Message.invalidFactoryAuth, status: 401)
        expectError(try Self.factoryDownload(console, id, factoryAuth: ""), Message.invalidFactoryAuth, status: 401)
        // An API key alone, as a parameter or a header, does not replace the factory string.
        expectError(try console.call(.get, DownloadPaths.factoryDownload, [("canarytoken", id)], via: .query),
                    Message.invalidFactoryAuth, status: 401)
        expectError(try console.call(.get, DownloadPaths.factoryDownload, [("canarytoken", id)], via: .query,
                                     auth: .header(TestConsole.authToken)),
                    Message.invalidFactoryAuth, status: 401)
        // The token itself is still there for the Console route.
        #expect(try Self.download(console, id).status == 200)
    }

    @Test("POST is not allowed on either route")
    func methods() throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: "aws-id")
        for path in [DownloadPaths.download, DownloadPaths.factoryDownload] {
            let reply = try console.call(.post, path, [("canarytoken", id), ("factory_auth", TestConsole.factoryAuth)])
            #expect(reply.status == 405, "\(path)")
        }
    }

    // MARK: - HEAD and error_status

    @Test("HEAD answers the download's status and headers; the server sends no body")
    func head() throws {
        let console = try TestConsole()
        let id = try Self.create(console, kind: "windows-dir")
        let get = try Self.download(console, id)
        let headAnswer = try Self.download(console, id, method: .head)
        #expect(headAnswer.status == 200)
        for name in ["Content-Type", "Content-Disposition", "X-Robots-Tag"] {
            #expect(headAnswer.response.headers[name] == get.response.headers[name], "\(name)")
        }

        // Live: the server drops the body, so the next response on the connection follows the head at once.
        var configuration = HTTPServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, responder: console.api)
        let port = try server.start()
        defer { server.stop() }
        let client = try RawClient(port: port)
        let target = "\(DownloadPaths.download)?auth_token=\(TestConsole.authToken)&canarytoken=\(id)"
        client.send("HEAD \(target) HTTP/1.1\r\nHost: t\r\n\r\nGET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
        let headReply = try client.readResponse(headRequest: true)
        #expect(headReply.status == 200)
        #expect(headReply.body.isEmpty)
        #expect(headReply.headers["Content-Disposition"] == "attachment; filename=\(id).zip")
        #expect(headReply.headers["Content-Length"] == String(get.response.body.count))
        let getReply = try client.readResponse()
        #expect(getReply.status == 200)
        #expect(getReply.body == get.response.body)

        // A HEAD of a kind without a file: the 400's headers, no body either.
        let dns = try Self.create(console, kind: "dns")
        client.send("HEAD \(DownloadPaths.download)?auth_token=\(TestConsole.authToken)&canarytoken=\(dns) HTTP/1.1\r\nHost: t\r\n\r\n")
        let noFile = try client.readResponse(headRequest: true)
        #expect(noFile.status == 400)
        #expect(noFile.body.isEmpty)
        #expect(noFile.headers["Content-Type"] == "application/json")
    }

    @Test("error_status 200: the 400, 404 and 401 keep their bodies with status 200; files are unchanged")
    func errorStatus200() throws {
        let console = try TestConsole(["error_status": "200"])
        let dns = try Self.create(console, kind: "dns")
        let noFile = try Self.download(console, dns)
        expectError(noFile, DownloadMessage.fileGenerationNotSupported, status: 200)
        expectError(try Self.download(console, "0000000000000000000000000"), Message.tokenNotFound, status: 200)
        expectError(try Self.download(console, dns, auth: .parameter("wrong")), Message.invalidAuthToken, status: 200)
        expectError(try Self.factoryDownload(console, dns, factoryAuth: "unknown"), Message.invalidFactoryAuth,
                    status: 200)
        let id = try Self.create(console, kind: "aws-id")
        try Self.expectDownload(try Self.download(console, id), DownloadCase.of("aws-id"), id: id, console: console)

        // The same bodies as under the default mode.
        let http = try TestConsole()
        let httpDNS = try Self.create(http, kind: "dns")
        #expect(try Self.download(http, httpDNS).response.body == noFile.response.body)
    }

    // MARK: - signed-exe

    @Test("signed-exe: the download is the uploaded program, byte for byte", arguments: [
        FilePart("the smallest PE header", Programs.minimalPE),
        FilePart("a PE header and every byte value",
                 Programs.minimalPE + Array(0...255).map(UInt8.init) + Array("tail".utf8)),
    ])
    func signedExeBytes(_ upload: FilePart) throws {
        let program = try #require(upload.bytes)
        let console = try TestConsole()
        let reply = try console.send(Self.exeRequest(program))
        #expect(reply.status == 200, "\(reply.text)")
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(reply.json["canarytoken"]?["exe_name"] == "setup.exe")
        let file = try Self.download(console, id)
        #expect(file.response.body == program)
        #expect(file.response.headers["Content-Disposition"] == "attachment; filename=\(id).exe")
        #expect(file.response.headers["Content-Type"] == "application/octet-stream")
    }

    @Test("signed-exe: a missing, empty or non-PE exe is refused at create",
          arguments: [
            FilePart("no exe part", nil), FilePart("an empty exe", []), FilePart("MZ alone", Array("MZ".utf8)),
            FilePart("text", Array("not a program at all".utf8)), FilePart("a PNG", Images.png),
            FilePart("a PE offset past the end", Array(Programs.minimalPE.prefix(0x40))),
            FilePart("PX where PE must be", DownloadTokenHandlerTests.peWithBadSignature),
          ])
    func signedExeRefused(_ upload: FilePart) throws {
        let console = try TestConsole()
        expectError(try console.send(Self.exeRequest(upload.bytes)), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    /// `MZ` and a PE offset, but `PX\0\0` where `PE\0\0` must be.
    static let peWithBadSignature: [UInt8] = {
        var bytes = Programs.minimalPE
        bytes[0x41] = 0x58
        return bytes
    }()

    /// A multipart create of signed-exe with that `exe` part (none when `nil`).
    private static func exeRequest(_ program: [UInt8]?) -> HTTPRequest {
        var body = MultipartBody()
        body.addField("memo", "signed exe")
        body.addField("kind", "signed-exe")
        if let program { body.addFile("exe", filename: "setup.exe", bytes: program) }
        return .make(.post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: body)
    }

    // MARK: - doc-msword with an uploaded document

    @Test("doc-msword: an uploaded .docx keeps every original entry and gains the linked image of the token URL",
          arguments: WordUploadCase.all)
    func uploadedWordDocument(_ upload: WordUploadCase) throws {
        let (filename, imageID, text) = (upload.filename, upload.imageID, upload.text)
        let upload = upload.bytes
        #expect(!upload.isEmpty, "the upload is there")
        let console = try TestConsole()
        let reply = try console.send(Self.docRequest(upload, filename: filename))
        #expect(reply.status == 200, "\(reply.text)")
        let token = try #require(reply.json["canarytoken"])
        let id = try #require(token["canarytoken"]?.stringValue)
        let url = try #require(token["url"]?.stringValue)
        #expect(token["doc_name"] == .string(filename))
        #expect(try console.store.tokenFile(id, name: "doc")?.bytes == upload)

        let file = try Self.download(console, id)
        try Self.expectDownload(file, DownloadCase.of("doc-msword"), id: id, console: console)
        let original = try ZipReader(upload)
        let tokenized = try ZipReader(file.response.body)
        // Same entries in the same order; every entry but the two the tokenizer edits keeps its bytes.
        #expect(tokenized.entries.map(\.name) == original.entries.map(\.name))
        let edited: Set<String> = ["word/document.xml", "word/_rels/document.xml.rels"]
        for entry in original.entries where !edited.contains(entry.name) {
            #expect(tokenized.entry(named: entry.name)?.data == entry.data, "\(entry.name) kept")
        }
        // Every original relationship stays; the new one is an external image at the token URL under a fresh id.
        let oldRelationships = String(decoding: try #require(original.entry(named: "word/_rels/document.xml.rels")).data,
                                      as: UTF8.self)
        let relationships = String(decoding: try #require(tokenized.entry(named: "word/_rels/document.xml.rels")).data,
                                   as: UTF8.self)
        for old in oldRelationships.split(separator: "<Relationship ").dropFirst() {
            let element = "<Relationship " + old.prefix { $0 != ">" } + ">"
            #expect(relationships.contains(element), "\(element) kept")
        }
        let image = #"<Relationship Id="\#(imageID)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="\#(url)" TargetMode="External"/>"#
        #expect(relationships.contains(image), "\(relationships)")
        let document = String(decoding: try #require(tokenized.entry(named: "word/document.xml")).data, as: UTF8.self)
        #expect(document.contains(#"<a:blip r:link="\#(imageID)"/>"#))
        #expect(document.contains(text), "the original text stays")
        // The picture goes before the final sectPr, which stays the body's last child.
        let picture = try #require(document.firstRange(of: "<w:drawing>"))
        let sectPr = try #require(document.ranges(of: "<w:sectPr>").last)
        #expect(picture.lowerBound < sectPr.lowerBound)
        #expect(document.hasSuffix("</w:sectPr></w:body></w:document>"))
    }

    @Test("doc-msword: an upload without relationships part gets one, and a rels default in the content types")
    func uploadedWordDocumentWithoutRelationships() throws {
        let console = try TestConsole()
        let upload = WordFixtures.document(relationships: false)
        let reply = try console.send(Self.docRequest(upload, filename: "plain.docx"))
        #expect(reply.status == 200, "\(reply.text)")
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        let url = try #require(reply.json["canarytoken"]?["url"]?.stringValue)
        let file = try Self.download(console, id)
        try Self.expectDownload(file, DownloadCase.of("doc-msword"), id: id, console: console)
        let tokenized = try ZipReader(file.response.body)
        let original = try ZipReader(upload)
        #expect(tokenized.entries.map(\.name) == original.entries.map(\.name) + ["word/_rels/document.xml.rels"])
        for entry in original.entries where entry.name != "word/document.xml" && entry.name != "[Content_Types].xml" {
            #expect(tokenized.entry(named: entry.name)?.data == entry.data, "\(entry.name) kept")
        }
        let types = String(decoding: try #require(tokenized.entry(named: "[Content_Types].xml")).data, as: UTF8.self)
        #expect(types.contains(#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#))
        let relationships = String(decoding: try #require(tokenized.entry(named: "word/_rels/document.xml.rels")).data,
                                   as: UTF8.self)
        #expect(relationships.contains(#"Target="\#(url)" TargetMode="External""#))
    }

    @Test("doc-msword: without an upload, the built-in document links the token URL")
    func builtInWordDocument() throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "doc-msword")
        let url = try #require(token["url"]?.stringValue)
        let file = try Self.download(console, id)
        let zip = try ZipReader(file.response.body)
        let relationships = String(decoding: try #require(zip.entry(named: "word/_rels/document.xml.rels")).data,
                                   as: UTF8.self)
        #expect(relationships.contains(#"Target="\#(url)" TargetMode="External""#))
    }

    @Test("doc-msword: a doc that is not a Word document is refused at create",
          arguments: [
            FilePart("not a zip", Array("plain text, not a zip".utf8)),
            FilePart("a PNG", Images.png),
            FilePart("an empty file", []),
            FilePart("a zip without Word parts", WordFixtures.zip([("hello.txt", Array("hi".utf8))])),
            FilePart("a workbook", WordFixtures.workbook()),
            FilePart("a docx whose main part is not declared", WordFixtures.document(declared: false)),
            FilePart("a truncated docx", Array(WordFixtures.document().dropLast(30))),
          ])
    func uploadedWordDocumentRefused(_ upload: FilePart) throws {
        let console = try TestConsole()
        let bytes = try #require(upload.bytes)
        expectError(try console.send(Self.docRequest(bytes, filename: "x.docx")), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    /// A multipart create of doc-msword with that `doc` part.
    private static func docRequest(_ bytes: [UInt8], filename: String) -> HTTPRequest {
        var body = MultipartBody()
        body.addField("memo", "word upload")
        body.addField("kind", "doc-msword")
        body.addFile("doc", filename: filename,
                     contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: bytes)
        return .make(.post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: body)
    }
}

/// A file part for create (or none), named for the test report.
struct FilePart: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let bytes: [UInt8]?

    init(_ description: String, _ bytes: [UInt8]?) {
        testDescription = description
        self.bytes = bytes
    }
}

/// A Word document to upload, the relationship id its token image must get, and a text it holds.
struct WordUploadCase: Sendable, CustomTestStringConvertible {
    let filename: String
    let bytes: [UInt8]
    let imageID: String
    let text: String
    var testDescription: String { filename }

    static let all: [WordUploadCase] = [
        // The committed LibreOffice document (deflated entries with data descriptors; rId1–rId3 in use).
        WordUploadCase(filename: "libreoffice-minutes.docx", bytes: WordFixtures.libreOffice(), imageID: "rId4",
                       text: "<w:t>Board minutes</w:t>"),
        // A stored package made here (rId1 in use, a media entry of every byte value and a folder entry).
        WordUploadCase(filename: "report.docx", bytes: WordFixtures.document(), imageID: "rId2",
                       text: WordFixtures.paragraph),
    ]
}

/// Small Office packages made with `ZipWriter` (stored entries), standing in for a user's own document.
enum WordFixtures {
    static let paragraph = "<w:p><w:r><w:t>Quarterly report, internal.</w:t></w:r></w:p>"
    static let stylesRelationship =
        #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    /// Arbitrary binary bytes for a media entry (every byte value).
    static let media: [UInt8] = Array(0...255).map(UInt8.init)

    /// `fixtures/files/office/libreoffice-minutes.docx`, a real .docx LibreOffice wrote (its generate.sh tells how),
    /// found from this file's path (Tests/CanaryAPITests/Handlers/Tokens/).
    static func libreOffice() -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/files/office/libreoffice-minutes.docx")
        return (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
    }

    /// A zip of those entries; a name ending in `/` is a directory.
    static func zip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var writer = ZipWriter(modified: 1_600_000_000)
        for (name, data) in entries {
            if name.hasSuffix("/") { writer.addDirectory(name) } else { writer.addFile(name, data) }
        }
        return writer.finish()
    }

    /// A minimal Word document: content types, package relationships, the main part with one paragraph and a final
    /// sectPr, its relationships (a styles part) unless `relationships` is false, styles, a media entry and a folder.
    static func document(relationships: Bool = true, declared: Bool = true) -> [UInt8] {
        let main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        let types = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + (relationships ? #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"# : "")
            + #"<Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/octet-stream"/>"#
            + (declared ? #"<Override PartName="/word/document.xml" ContentType="\#(main)"/>"# : "")
            + #"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#
            + "</Types>"
        let packageRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#
            + "</Relationships>"
        let document = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#
            + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#
            + paragraph
            + #"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        let documentRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + stylesRelationship + "</Relationships>"
        let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#
        var entries: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(types.utf8)),
            ("_rels/.rels", Array(packageRelationships.utf8)),
            ("word/document.xml", Array(document.utf8)),
        ]
        if relationships { entries.append(("word/_rels/document.xml.rels", Array(documentRelationships.utf8))) }
        entries += [
            ("word/styles.xml", Array(styles.utf8)),
            ("word/media/", []),
            ("word/media/blob.bin", media),
        ]
        return zip(entries)
    }

    /// A minimal workbook: an Office package, but not a Word document.
    static func workbook() -> [UInt8] {
        let types = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + "</Types>"
        return zip([
            ("[Content_Types].xml", Array(types.utf8)),
            ("xl/workbook.xml", Array(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>"#.utf8)),
        ])
    }
}
