import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("HTTP channel: hits on a token's own URL")
struct TokenURLChannelTests {
    // MARK: - Web bug

    @Test("A web bug hit answers the 1x1 GIF and records one event with the headers, URL and arguments")
    func webBug() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        let target = "/static/\(id.uppercased())/logo.gif?a=1&a=2&b=%20x&c"
        let response = console.raw(.get, target, headers: [
            ("Host", "tokens.example:8080"), ("User-Agent", "curl/8.7.1"), ("X-Forwarded-For", "9.9.9.9"),
            ("X-Dup", "one"), ("x-dup", "two"), ("Accept", "*/*"),
        ])
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "image/gif")
        #expect(response.headers["Cache-Control"] == "no-store, no-cache")
        #expect(response.body == TokenURLAnswers.gifBytes)
        #expect(response.body.count == 43 && response.body.starts(with: Array("GIF89a".utf8)))

        let incidents = try console.incidents()
        try #require(incidents.count == 1)
        let incident = incidents[0]
        #expect(incident.nodeID == id)
        #expect(incident.kind == "http")
        #expect(incident.logtype == "17000")
        #expect(incident.srcHost == TestConsole.peerIP, "the peer, never X-Forwarded-For")
        #expect(incident.srcPort == 0)
        #expect(incident.description == "Canarytoken triggered")
        #expect(incident.key.hasPrefix("incident:canarytoken:") && incident.key.hasSuffix(":10.1.2.3:1586161315"))
        var expected = commonFields(id: id, kind: "http")
        expected["headers"] = .object([
            "Host": "tokens.example:8080", "User-Agent": "curl/8.7.1", "X-Forwarded-For": "9.9.9.9",
            "X-Dup": "one, two", "Accept": "*/*",
        ])
        expected["url"] = .string("http://tokens.example:8080\(target)")
        expected["request_args"] = ["a": "2", "b": " x", "c": ""]
        #expect(try console.events(incident) == [expected])
        #expect(try console.triggeredCount(id) == 1)
    }

    @Test("Any method is a hit", arguments: [HTTPMethod.post, .put, .delete, .options, .head, "PROPFIND"])
    func anyMethod(method: HTTPMethod) throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        let response = console.raw(method, "/cdn/\(id)/index.html")
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "image/gif")
        #expect(try console.incidents().count == 1)
        #expect(try console.triggeredCount(id) == 1)
    }

    @Test("Hits from one peer within the window join one incident; triggered_count counts events")
    func window() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        _ = console.raw(.get, "/\(id)")
        _ = console.raw(.get, "/\(id)?x=1")
        _ = console.raw(.get, "/\(id)", peer: "10.9.9.9:1")
        let incidents = try console.incidents()
        #expect(incidents.count == 2)
        #expect(incidents.map(\.events.count).sorted() == [1, 2])
        #expect(Set(incidents.map(\.srcHost)) == ["10.1.2.3", "10.9.9.9"])
        #expect(try console.triggeredCount(id) == 3)
    }

    @Test("A query that does not decode still records the hit, with request_args {}")
    func badQuery() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        #expect(console.raw(.get, "/a/\(id)/b?x=%zz").status.code == 200)
        let incident = try #require(try console.incidents().first)
        #expect(try console.events(incident).first?["request_args"] == .object([:]))
    }

    @Test("Without a Host header the URL is built on the token domain; an IPv6 peer is recorded without brackets")
    func noHostIPv6() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        _ = console.raw(.get, "/\(id)", headers: [], peer: "[::1]:5000")
        let incident = try #require(try console.incidents().first)
        #expect(incident.srcHost == "::1")
        let fields = try #require(try console.events(incident).first)
        #expect(fields["url"] == .string("http://\(TestConsole.domain)/\(id)"))
        #expect(fields["headers"] == .object([:]))
        #expect(fields["src_host"] == "::1")
    }

    // MARK: - Kinds

    @Test("fast-redirect answers 302 to browser_redirect_url with no body, and records logtype 17016")
    func fastRedirect() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "fast-redirect", [("browser_redirect_url", "https://example.com/a?b=1")]).id
        let response = console.raw(.get, "/about/\(id)/contact.php")
        #expect(response.status.code == 302)
        #expect(response.headers["Location"] == "https://example.com/a?b=1")
        #expect(response.headers["Cache-Control"] == "no-store, no-cache")
        #expect(response.body.isEmpty)
        let incident = try #require(try console.incidents().first)
        #expect(incident.logtype == "17016")
        #expect(incident.kind == "fast-redirect")
        #expect(try console.events(incident).first?["type"] == "fast-redirect")
    }

    @Test("slow-redirect answers an HTML page that redirects by meta refresh and script, the URL escaped for each")
    func slowRedirect() throws {
        let console = try TestConsole()
        let url = "https://example.com/?q=\"<b>'&x=</script>"
        let id = try console.createToken(kind: "slow-redirect", [("browser_redirect_url", url)]).id
        let response = console.raw(.get, "/tags/\(id)/post.jsp")
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-store, no-cache")
        let html = "https://example.com/?q=&quot;&lt;b&gt;&#39;&amp;x=&lt;/script&gt;"
        let js = "https://example.com/?q=\\u0022\\u003cb\\u003e\\u0027\\u0026x=\\u003c/script\\u003e"
        let page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="1;url=\(html)">\
            <title>Redirecting</title></head>
            <body><script>window.location.replace("\(js)");</script>\
            <noscript><a href="\(html)">Continue</a></noscript></body></html>

            """
        #expect(String(decoding: response.body, as: UTF8.self) == page)
        #expect(!String(decoding: response.body, as: UTF8.self).contains("</script>\""))
        #expect(try console.incidents().first?.logtype == "17017")
    }

    @Test("web-image answers the stored image with its type, readable cross-origin, and records logtype 17001")
    func webImage() throws {
        let console = try TestConsole()
        let reply = try console.createWebImage(files: [("web_image", "pixel.gif", Images.gif89a)])
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        let response = console.raw(.get, "/images/\(id)/spacer.gif")
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "image/gif")
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Cache-Control"] == "no-store, no-cache")
        #expect(response.body == Images.gif89a)
        #expect(try console.incidents().first?.logtype == "17001")

        let png = try console.createWebImage(files: [("web_image", "p.png", Images.png)])
        let pngID = try #require(png.json["canarytoken"]?["canarytoken"]?.stringValue)
        let pngResponse = console.raw(.get, "/\(pngID)")
        #expect(pngResponse.headers["Content-Type"] == "image/png")
        #expect(pngResponse.body == Images.png)
    }

    @Test("Other kinds answer the GIF and record with the kind's logtype", arguments: [
        ("qr-code", "17009", 80), ("doc-msword", "17004", 80), ("aws-id", "17012", 80), ("dns", "16000", 53),
    ])
    func otherKinds(kind: String, logtype: String, dstPort: Int) throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: kind).id
        let response = console.raw(.get, "/cdn/\(id)/logo.gif")
        #expect(response.status.code == 200)
        #expect(response.body == TokenURLAnswers.gifBytes)
        let incident = try #require(try console.incidents().first)
        #expect(incident.logtype == logtype)
        #expect(try console.events(incident).first?["dst_port"] == .int(dstPort))
    }

    // MARK: - Nothing recorded

    @Test("An unknown token id answers the GIF and records nothing")
    func unknownToken() throws {
        let console = try TestConsole()
        let response = console.raw(.get, "/cdn/0123456789abcdefghijklmno/logo.gif")
        #expect(response.status.code == 200)
        #expect(response.body == TokenURLAnswers.gifBytes)
        #expect(response.headers["Cache-Control"] == "no-store, no-cache")
        #expect(try console.incidents().isEmpty)
    }

    @Test("A disabled token answers as it would (its redirect: the decoy never tells) and records nothing")
    func disabledToken() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "fast-redirect", [("browser_redirect_url", "https://example.com/")]).id
        try console.disable(id)
        let response = console.raw(.get, "/\(id)")
        #expect(response.status.code == 302)
        #expect(response.headers["Location"] == "https://example.com/")
        #expect(response.body.isEmpty)
        #expect(try console.incidents().isEmpty)
        #expect(try console.triggeredCount(id) == 0)
    }

    @Test("A redirect token without a URL answers the GIF and records nothing", arguments: ["fast-redirect", "slow-redirect"])
    func redirectWithoutURL(kind: String) throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: kind).id
        let response = console.raw(.get, "/\(id)")
        #expect(response.status.code == 200)
        #expect(response.headers["Content-Type"] == "image/gif")
        #expect(try console.incidents().isEmpty)
    }

    @Test("Paths without a token-shaped segment are the router's 404", arguments: [
        "/", "/favicon.ico", "/cdn/0123456789abcdefghijklmn/x", "/cdn/0123456789abcdefghijklmnop/x",
        "/cdn/0123456789abcdefghijklm-o/x", "/cdn/0123456789abcdefghijklmn%6F/x",
    ])
    func notTokenPaths(path: String) throws {
        let console = try TestConsole()
        _ = try console.createToken(kind: "http")
        let reply = try Reply(console.raw(.get, path))
        #expect(reply.status == 404)
        #expect(reply.message == "Not Found")
        #expect(try console.incidents().isEmpty)
    }

    @Test("A token id under /api/ or /_mock/ is not a hit: the router answers", arguments: ["/api/", "/api/v1/", "/_mock/"])
    func reservedPrefixes(prefix: String) throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "http").id
        let reply = try Reply(console.raw(.get, prefix + id))
        #expect(reply.status == 404)
        #expect(try console.incidents().isEmpty)
    }

    @Test("Hits are in the request journal with their status")
    func journaled() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "fast-redirect", [("browser_redirect_url", "https://example.com/")]).id
        _ = console.raw(.get, "/a/\(id)/b")
        _ = console.raw(.post, "/nothing")
        let entries = try console.journal().filter { $0.path != "/api/v1/canarytoken/create" }
        #expect(entries.map(\.path) == ["/a/\(id)/b", "/nothing"])
        #expect(entries.map(\.status) == [302, 404])
        #expect(entries.map(\.method) == ["GET", "POST"])
    }

    // MARK: - Pieces

    @Test("candidates(inPath:) finds 25-character alphanumeric segments, lowercased, at most four")
    func candidates() {
        let id = "0123456789abcdefghijklmno"
        #expect(TokenURLChannel.candidates(inPath: "/cdn/\(id)/logo.gif") == [id])
        #expect(TokenURLChannel.candidates(inPath: "/\(id.uppercased())") == [id])
        #expect(TokenURLChannel.candidates(inPath: id) == [id])
        #expect(TokenURLChannel.candidates(inPath: "/\(id)/") == [id])
        #expect(TokenURLChannel.candidates(inPath: "//\(id)//\(id)") == [id, id])
        #expect(TokenURLChannel.candidates(inPath: String(repeating: "/\(id)", count: 9)).count == 4)
        #expect(TokenURLChannel.candidates(inPath: "/\(id).gif").isEmpty)
        #expect(TokenURLChannel.candidates(inPath: "/é123456789abcdefghijklmn").isEmpty)
        #expect(TokenURLChannel.candidates(inPath: "").isEmpty)
        #expect(TokenURLChannel.candidates(inPath: "/").isEmpty)
    }

    @Test("The first stored token among several candidates decides")
    func firstStoredCandidate() throws {
        let console = try TestConsole()
        let id = try console.createToken(kind: "fast-redirect", [("browser_redirect_url", "https://example.com/")]).id
        let response = console.raw(.get, "/zzzzzzzzzzzzzzzzzzzzzzzzz/\(id)/x")
        #expect(response.status.code == 302)
        #expect(try console.incidents().first?.nodeID == id)
    }

    @Test("PeerAddress splits IPv4 and bracketed IPv6 peers; unknown peers give an empty IP")
    func peerAddress() {
        #expect(PeerAddress.split("127.0.0.1:51234") == ("127.0.0.1", 51234))
        #expect(PeerAddress.split("[::1]:5") == ("::1", 5))
        #expect(PeerAddress.split("[fe80::1%eth0]:80") == ("fe80::1%eth0", 80))
        #expect(PeerAddress.split("::1") == ("::1", nil))
        #expect(PeerAddress.split("10.0.0.1") == ("10.0.0.1", nil))
        #expect(PeerAddress.split(nil) == ("", nil))
        #expect(PeerAddress.split("unknown") == ("", nil))
        #expect(PeerAddress.split("[::1") == ("[::1", nil))
    }

    @Test("A Location never carries controls: CR, LF, spaces and non-ASCII are percent-encoded")
    func headerSafe() {
        #expect(TokenURLAnswers.headerSafe("https://e.com/a b\r\nX: y") == "https://e.com/a%20b%0D%0AX:%20y")
        #expect(TokenURLAnswers.headerSafe("https://e.com/é") == "https://e.com/%C3%A9")
        #expect(TokenURLAnswers.headerSafe("https://e.com/?a=1&b=2") == "https://e.com/?a=1&b=2")
    }
}
