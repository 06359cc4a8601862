import CanaryAPI
import CanaryStore
import Foundation
import MiniHTTP
import Testing
import TokenFiles

/// Issue 11, items 1, 3 and 6 at the API: a .docx with a line break after it, a whole-archive ratio bomb, the
/// download built once at create, and the gate that keeps at most two uploads in process.
@Suite struct UploadBoundsTests {
    private static let downloadPath = "/api/v1/canarytoken/download"

    private static func docRequest(_ bytes: [UInt8]) -> HTTPRequest {
        var body = MultipartBody()
        body.addField("memo", "word upload")
        body.addField("kind", "doc-msword")
        body.addFile("doc", filename: "figures.docx",
                     contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: bytes)
        return .make(.post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: body)
    }

    private static func download(_ console: TestConsole, _ id: String) throws -> Reply {
        try console.send(.make(.get, downloadPath, query: [("auth_token", TestConsole.authToken), ("canarytoken", id)]))
    }

    @Test("A .docx followed by a here-string's line breaks is accepted and downloads as a clean zip",
          arguments: ["\n", "\r\n", "\r\n\r\n"])
    func trailingLineBreak(_ trailing: String) throws {
        let console = try TestConsole()
        let upload = WordFixtures.document()
        let reply = try console.send(Self.docRequest(upload + Array(trailing.utf8)))
        #expect(reply.status == 200, "\(reply.text)")
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        let file = try Self.download(console, id)
        #expect(file.status == 200)
        let body = file.response.body
        // The end record (22 bytes, no comment) is the file's last bytes.
        #expect(Array(body[(body.count - 22)..<(body.count - 18)]) == [0x50, 0x4B, 0x05, 0x06])
        #expect(try ZipReader(body).entries.map(\.name) == (try ZipReader(upload)).entries.map(\.name))
    }

    @Test("A .docx whose entries together unpack over 100 times its size is refused at create")
    func ratioBomb() throws {
        let console = try TestConsole()
        // The fixture's entries, then 62 entries of 1 MiB of zeros, each at the per-entry ratio floor.
        var zip = ZipWriter()
        for entry in try ZipReader(WordFixtures.document()).entries {
            zip.addPacked(entry.name, method: entry.method, crc: entry.crc, size: entry.uncompressedSize,
                          packed: entry.packed)
        }
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for index in 0..<62 { zip.addDeflated("word/media/zeros\(index).bin", pieces: [zeros[...]]) }
        let upload = zip.finish()
        #expect(upload.count < 100_000)
        let reply = try console.send(Self.docRequest(upload))
        #expect(reply.status == 400)
        #expect(reply.message == "Could not process the parameters")
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("The tokenized document is built at create, stored, and served as stored")
    func builtOnce() throws {
        let console = try TestConsole()
        let reply = try console.send(Self.docRequest(WordFixtures.document()))
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        let built = try #require(try console.store.builtFile(id))
        #expect(built.filename == "\(id).docx")
        #expect(built.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(try Self.download(console, id).response.body == built.bytes)

        // A token stored with a built file is answered from it, never rebuilt: these bytes are no document.
        let marker = TokenFile.built(filename: "stored.docx", contentType: "application/x-stored", bytes: [1, 2, 3])
        let upload = TokenFile(name: "doc", filename: "x.docx", contentType: nil, bytes: WordFixtures.document())
        let other = "b0000000000000000000000c1"
        _ = try console.store.insertToken(NewToken(
            canarytoken: other, kind: "doc-msword", memo: "m", flockID: "flock:default", createdMicros: 1,
            url: "http://canarytokens.localhost/\(other)", hostname: "\(other).canarytokens.localhost",
            files: [upload, marker]))
        let stored = try Self.download(console, other)
        #expect(stored.response.body == [1, 2, 3])
        #expect(stored.response.headers["Content-Disposition"] == "attachment; filename=stored.docx")
        #expect(stored.response.headers["Content-Type"] == "application/x-stored")
    }

    @Test("A token stored before built files existed is still tokenized at download")
    func olderToken() throws {
        let console = try TestConsole()
        let upload = TokenFile(name: "doc", filename: "x.docx", contentType: nil, bytes: WordFixtures.document())
        let id = "b0000000000000000000000c2"
        _ = try console.store.insertToken(NewToken(
            canarytoken: id, kind: "doc-msword", memo: "m", flockID: "flock:default", createdMicros: 1,
            url: "http://canarytokens.localhost/\(id)", hostname: "\(id).canarytokens.localhost", files: [upload]))
        let file = try Self.download(console, id)
        #expect(file.status == 200)
        let relationships = try #require(try ZipReader(file.response.body).entry(named: "word/_rels/document.xml.rels"))
        #expect(String(decoding: relationships.data, as: UTF8.self).contains("http://canarytokens.localhost/\(id)"))
    }

    @Test("Uploads beyond the gate's slots wait, then are refused with 503 and a clear message")
    func gate() throws {
        #expect(UploadGate.defaultLimit == 2 && UploadGate.defaultMaxWait == 10)
        let gate = UploadGate(limit: 1, maxWait: 0.05)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? gate.withSlot { () throws(APIError) in
                holding.signal()
                release.wait()
            }
            done.signal()
        }
        holding.wait()
        #expect(gate.inUse == 1)
        let started = Date()
        #expect(throws: APIError.uploadsBusy) { try gate.withSlot { () throws(APIError) in 1 } }
        #expect(Date().timeIntervalSince(started) >= 0.04)
        release.signal()
        done.wait()
        #expect(try gate.withSlot { () throws(APIError) in 7 } == 7)
        #expect(gate.inUse == 0)
        #expect(APIError.uploadsBusy.status == .serviceUnavailable)
        #expect(APIError.uploadsBusy.message == "Too many uploads are being processed; try again shortly")
    }
}
