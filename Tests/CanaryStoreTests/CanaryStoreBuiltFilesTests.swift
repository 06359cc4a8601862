import CanaryStore
import Testing

@Suite struct CanaryStoreBuiltFilesTests {
    @Test("A built download is stored with its token, read back after reopening, and deleted with the token")
    func builtFileRoundTrip() throws {
        try withTemporaryDatabase { path in
            let id = "a0000000000000000000000b1"
            let upload = TokenFile(name: "doc", filename: "minutes.docx", contentType: nil, bytes: [0x50, 0x4B, 1, 2])
            let built = TokenFile.built(filename: "\(id).docx", contentType: "application/x-test", bytes: [9, 8, 7])
            do {
                let store = try ConsoleStore(path: path)
                _ = try store.insertToken(makeToken(id, kind: "doc-msword", files: [upload, built]))
                _ = try store.insertToken(makeToken("a0000000000000000000000b2", kind: "doc-msword", files: [upload]))
            }
            let store = try ConsoleStore(path: path)
            #expect(try store.builtFile(id) == built)
            #expect(try store.tokenFile(id, name: "doc") == upload)
            // A token stored without one (an older database, or a kind built at download) has none.
            #expect(try store.builtFile("a0000000000000000000000b2") == nil)
            #expect(try store.tokenCount() == 2)
            #expect(try store.deleteToken(id))
            #expect(try store.builtFile(id) == nil)
            #expect(TokenFile.builtName == "built:download")
        }
    }
}
