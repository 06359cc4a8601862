import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// docs/api.md §1: parameters arrive by query string, url-encoded body, multipart body or JSON object body, on every
/// method.
@Suite("Parameters: query string, form body and multipart alike")
struct ParameterSourcesTests {
    @Test("Create takes every parameter, auth_token included, from any one source", arguments: Transport.allCases)
    func createFromOneSource(_ transport: Transport) throws {
        let console = try TestConsole()
        let parameters = [
            ("auth_token", TestConsole.authToken), ("memo", "one source: \(transport) + spaces & symbols=%"),
            ("kind", "http"), ("browser_scanner_enabled", "0"), ("flock_id", TestConsole.otherFlock),
        ]
        let reply = try console.send(transport.request(.post, Paths.create, parameters))
        #expect(reply.status == 200, "\(reply.text)")
        TokenChecks.expectToken(
            reply.json["canarytoken"], kind: "http", memo: "one source: \(transport) + spaces & symbols=%",
            flockID: TestConsole.otherFlock, extraKeys: ["browser_scanner_enabled"])
        #expect(reply.json["canarytoken"]?["browser_scanner_enabled"] == false)
    }

    @Test("Fetch, ping and create_factory take their parameters from any source, even a body on GET", arguments: Transport.allCases)
    func otherEndpoints(_ transport: Transport) throws {
        let console = try TestConsole()
        let (_, id) = try console.createToken(kind: "dns")
        let fetched = try console.send(
            transport.request(.get, Paths.fetch, [("auth_token", TestConsole.authToken), ("canarytoken", id)]))
        #expect(fetched.status == 200)
        #expect(fetched.json["token"]?["canarytoken"] == .string(id))
        let ping = try console.send(transport.request(.post, Paths.ping, [("auth_token", TestConsole.authToken)]))
        #expect(ping.status == 200)
        let factory = try console.send(
            transport.request(.post, Paths.createFactory, [("auth_token", TestConsole.authToken), ("memo", "f")]))
        #expect(factory.status == 200)
    }

    @Test("delete_factory takes its parameters from the query string or a form body on DELETE", arguments: Transport.allCases)
    func deleteFactory(_ transport: Transport) throws {
        let console = try TestConsole()
        let request = transport.request(
            .delete, Paths.deleteFactory, [("auth_token", TestConsole.authToken), ("factory_auth", TestConsole.factoryAuth)])
        #expect(try console.send(request).status == 200)
        #expect(try console.store.factory(TestConsole.factoryAuth)?.isDeleted == true)
    }

    @Test("Mixes sources: auth_token in the query string, the rest in the body (canarytools)")
    func mixed() throws {
        let console = try TestConsole()
        let request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken), ("kind", "dns")], form: [("memo", "mixed")])
        let reply = try console.send(request)
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "mixed")
    }

    @Test("The first occurrence wins, query string before body", arguments: [Transport.form, .multipart])
    func queryBeforeBody(_ transport: Transport) throws {
        let console = try TestConsole()
        let request = transport.request(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken), ("memo", "from query"), ("kind", "dns")],
            [("memo", "from body"), ("kind", "http"), ("flock_id", TestConsole.otherFlock), ("flock_id", "flock:default")])
        let reply = try console.send(request)
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "from query", flockID: TestConsole.otherFlock)
    }

    @Test("A wrong auth_token in the query string decides even when the body has the right one", arguments: [Transport.form, .multipart])
    func authQueryFirst(_ transport: Transport) throws {
        let console = try TestConsole()
        let request = transport.request(
            .post, Paths.create, query: [("auth_token", "wrong")],
            [("auth_token", TestConsole.authToken), ("memo", "m"), ("kind", "dns")])
        expectError(try console.send(request), Message.invalidAuthToken, status: 401)
    }

    @Test("Repeated parameters in one source: the first wins")
    func repeatedInQuery() throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "first"), ("memo", "second"), ("kind", "dns"), ("kind", "http")], via: .query)
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "first")
    }

    @Test("Decodes + as a space and %XX escapes in query and form alike")
    func decoding() throws {
        let console = try TestConsole()
        let raw = "memo=a+b%20c%2Bd%26e%3Df%C3%BC&kind=dns"
        let viaQuery = try console.send(.make(.post, "\(Paths.create)?auth_token=\(TestConsole.authToken)&\(raw)"))
        #expect(viaQuery.json["canarytoken"]?["memo"] == "a b c+d&e=fü")
        var viaForm = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")])
        viaForm.body = Array(raw.utf8)
        #expect(try console.send(viaForm).json["canarytoken"]?["memo"] == "a b c+d&e=fü")
    }

    @Test("Reads a multipart body written with bare LF line ends (PowerShell scripts saved with LF)")
    func multipartLF() throws {
        let console = try TestConsole()
        let body = "--XyZ\nContent-Disposition: form-data; name=\"memo\"\n\nlf memo\n--XyZ\n"
            + "Content-Disposition: form-data; name =\"kind\"\n\ndns\n--XyZ--\n"
        var request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "multipart/form-data; boundary=XyZ;")])
        request.body = Array(body.utf8)
        let reply = try console.send(request)
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "lf memo")
    }

    @Test("Answers Could not process the parameters (400) for a malformed multipart body")
    func malformedMultipart() throws {
        let console = try TestConsole()
        var request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "multipart/form-data; boundary=XyZ")])
        request.body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"memo\"\r\n\r\nno end".utf8)
        expectError(try console.send(request), Message.badParameters, status: 400)
        var noBoundary = request
        noBoundary.headers.set("Content-Type", "multipart/form-data")
        expectError(try console.send(noBoundary), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Answers Could not process the parameters (400) for a multipart text field that is not UTF-8")
    func multipartInvalidUTF8() throws {
        let console = try TestConsole()
        var request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)],
            headers: [("Content-Type", "multipart/form-data; boundary=B")])
        request.body = Array("--B\r\nContent-Disposition: form-data; name=\"memo\"\r\n\r\n".utf8) + [0xFF, 0xFE, 0x41]
            + Array("\r\n--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndns\r\n--B--\r\n".utf8)
        expectError(try console.send(request), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("Create takes every parameter from a JSON object body, numbers and booleans included")
    func createFromJSON() throws {
        let console = try TestConsole()
        let request = HTTPRequest.json(.post, Paths.create, [
            "auth_token": .string(TestConsole.authToken), "kind": "dns", "memo": "json memo ü",
        ])
        let reply = try console.send(request)
        #expect(reply.status == 200, "\(reply.text)")
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "json memo ü")
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(try console.store.token(id)?.memo == "json memo ü")

        let typed = try console.send(.json(.post, Paths.create, [
            "auth_token": .string(TestConsole.authToken), "kind": "http", "memo": "typed",
            "browser_scanner_enabled": false, "ignored": ["a"], "also_ignored": .null,
        ]))
        #expect(typed.status == 200, "\(typed.text)")
        #expect(typed.json["canarytoken"]?["browser_scanner_enabled"] == false)
    }

    @Test("The query string comes before a JSON body: its auth_token and memo win")
    func queryBeforeJSON() throws {
        let console = try TestConsole()
        let request = HTTPRequest.json(
            .post, Paths.create, ["auth_token": "wrong", "memo": "from body", "kind": "dns"],
            query: [("auth_token", TestConsole.authToken), ("memo", "from query")])
        let reply = try console.send(request)
        TokenChecks.expectToken(reply.json["canarytoken"], kind: "dns", memo: "from query")
    }

    @Test(
        "Content-Type application/json with no, blank or non-object body is ignored, never an error",
        arguments: ["", "  \r\n", "[1, 2]", "\"text\"", "{not json"])
    func emptyJSONBody(body: String) throws {
        let console = try TestConsole()
        let request = HTTPRequest.rawBody(
            .post, Paths.ping, Array(body.utf8), contentType: "application/json",
            query: [("auth_token", TestConsole.authToken)])
        let reply = try console.send(request)
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["result"] == "success")
    }

    @Test("The request journal shows JSON body parameters, secrets redacted, numbers and booleans as text")
    func journalShowsJSON() throws {
        let console = try ControlConsole()
        let response = console.raw(.json(.post, Paths.create, [
            "auth_token": .string(TestConsole.authToken), "kind": "dns", "memo": "journal", "n": 7, "b": true,
            "skip": ["x": "y"],
        ]))
        #expect(response.status.code == 200)
        let entry = try #require(try console.entries().last)
        #expect(entry["parameters"] == [
            "auth_token": "<redacted>", "b": "true", "kind": "dns", "memo": "journal", "n": "7",
        ])
    }

    @Test("Answers Could not process the parameters (413) when JSON members pass the parameter-count limit")
    func tooManyJSONMembers() throws {
        let console = try TestConsole()
        var members: [String: JSONValue] = ["auth_token": .string(TestConsole.authToken), "memo": "m", "kind": "dns"]
        for index in 0..<997 { members["p\(index)"] = "v" }
        let atLimit = try console.send(.json(.post, Paths.create, .object(members)))
        #expect(atLimit.status == 200, "\(atLimit.text)")
        members["p997"] = "v"
        expectError(try console.send(.json(.post, Paths.create, .object(members))), Message.badParameters, status: 413)
    }

    @Test("Answers Could not process the parameters (413) over the parameter-count limit")
    func tooManyParameters() throws {
        let console = try TestConsole()
        let many = (0..<1_001).map { ("p\($0)", "v") }
        let reply = try console.create([("memo", "m"), ("kind", "dns")] + many, via: .form)
        expectError(reply, Message.badParameters, status: 413)
    }
}
