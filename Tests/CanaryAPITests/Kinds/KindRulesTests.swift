import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

/// One kind with the parameters it needs and the exact extra fields its token object carries.
struct KindCase: Sendable, CustomTestStringConvertible {
    let kind: String
    let parameters: [Pair]
    let extraKeys: Set<String>
    var testDescription: String { kind }

    /// Every kind of docs/api.md §3, in the seeds' order, with its minimal valid request.
    static let all: [KindCase] = [
        KindCase(kind: "http", parameters: [], extraKeys: ["browser_scanner_enabled"]),
        KindCase(kind: "dns", parameters: [], extraKeys: []),
        KindCase(kind: "cloned-web", parameters: [.init("cloned_web", "example.com")], extraKeys: ["cloned_web", "renders"]),
        KindCase(kind: "doc-msword", parameters: [], extraKeys: []),
        KindCase(kind: "web-image", parameters: [], extraKeys: ["web_image_name"]),
        KindCase(kind: "windows-dir", parameters: [], extraKeys: []),
        KindCase(kind: "aws-s3", parameters: [], extraKeys: []),
        KindCase(kind: "pdf-acrobat-reader", parameters: [], extraKeys: []),
        KindCase(kind: "msword-macro", parameters: [], extraKeys: []),
        KindCase(kind: "msexcel-macro", parameters: [], extraKeys: []),
        KindCase(kind: "aws-id", parameters: [], extraKeys: ["access_key_id", "secret_access_key", "username", "renders"]),
        KindCase(kind: "apeeper", parameters: [], extraKeys: []),
        KindCase(kind: "qr-code", parameters: [], extraKeys: ["qr_code"]),
        KindCase(kind: "svn", parameters: [], extraKeys: []),
        KindCase(kind: "sql", parameters: [], extraKeys: []),
        KindCase(kind: "fast-redirect", parameters: [], extraKeys: []),
        KindCase(kind: "slow-redirect", parameters: [], extraKeys: []),
        KindCase(kind: "doc-msexcel", parameters: [], extraKeys: []),
        KindCase(
            kind: "wireguard", parameters: [],
            extraKeys: ["renders", "wg_persistent_keepalive", "wg_private_key", "wg_server_public_key"]),
        KindCase(
            kind: "azure-id", parameters: [.init("azure_id_cert_file_name", "login.pem")],
            extraKeys: ["app_id", "azure_id_cert_file_name", "cert", "cert_name", "tenant_id"]),
        KindCase(kind: "slack-api", parameters: [], extraKeys: ["slack_api_key"]),
        KindCase(kind: "mysql-dump", parameters: [], extraKeys: []),
        KindCase(kind: "sensitive-cmd", parameters: [.init("process_name", "klist.exe")], extraKeys: ["process_name"]),
        KindCase(kind: "signed-exe", parameters: [], extraKeys: ["exe_name"]),
        KindCase(kind: "cloned-css", parameters: [.init("expected_referrer", "example.com")], extraKeys: ["css", "expected_referrer"]),
        KindCase(
            kind: "credit-card", parameters: [],
            extraKeys: ["card_number", "cvv", "expiry_month", "expiry_year", "name_on_card"]),
    ]

    /// The multipart request that creates this kind (web-image gets its file part).
    func multipart(memo: String) -> MultipartBody {
        var body = MultipartBody()
        body.addField("memo", memo)
        body.addField("kind", kind)
        for pair in parameters { body.addField(pair.name, pair.value) }
        if kind == "web-image" { body.addFile("web_image", filename: "pixel.gif", contentType: "image/gif", bytes: Images.gif89a) }
        if kind == "signed-exe" {
            body.addFile("exe", filename: "setup.exe", contentType: "application/octet-stream", bytes: Programs.minimalPE)
        }
        return body
    }
}

@Suite("Kinds: every kind and each kind's rules, through create")
struct KindRulesTests {
    // MARK: - All kinds

    @Test("Creates every one of the 26 kinds with exactly its fields", arguments: KindCase.all)
    func everyKind(_ kind: KindCase) throws {
        let console = try TestConsole()
        let request = HTTPRequest.make(
            .post, Paths.create, query: [("auth_token", TestConsole.authToken)], multipart: kind.multipart(memo: "all kinds"))
        let reply = try console.send(request)
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.keys == ["canarytoken", "result"])
        let id = TokenChecks.expectToken(reply.json["canarytoken"], kind: kind.kind, memo: "all kinds", extraKeys: kind.extraKeys)
        #expect(try console.store.token(id)?.kind == kind.kind)
        // Fetch shows the same object.
        #expect(try console.fetch(id).json["token"] == reply.json["canarytoken"])
    }

    @Test("The kinds table holds the 17 kinds of the seeds, in order, then the 9 added since")
    func kindsTable() {
        #expect(KindsTable.all.map(\.name) == KindCase.all.map(\.kind))
        for kind in KindCase.all { #expect(KindsTable.kind(named: kind.kind)?.name == kind.kind) }
        #expect(KindsTable.kind(named: "HTTP") == nil)
        #expect(KindsTable.kind(named: "") == nil)
    }

    // MARK: - cloned-web

    @Test(
        "cloned-web: takes a domain of two or more labels and shows it",
        arguments: ["example.com", "www.example.co.uk", "intranet.corp", "xn--bcher-kva.example", "Example.COM", "a-b.c1"])
    func clonedWebValid(domain: String) throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "cloned-web", [("cloned_web", domain)])
        TokenChecks.expectToken(token, kind: "cloned-web", memo: "test memo", extraKeys: ["cloned_web", "renders"])
        #expect(token["cloned_web"] == .string(domain))
        #expect(try console.store.token(id)?.attributes["cloned_web"] == domain)
    }

    @Test("cloned-web: renders a script that loads the token URL with ?l= and &r= from any other domain")
    func clonedWebRender() throws {
        let console = try TestConsole()
        let (token, _) = try console.createToken(kind: "cloned-web", [("cloned_web", "example.com")])
        let url = try #require(token["url"]?.stringValue)
        #expect(token["renders"]?.objectValue?.keys.sorted() == ["cloned-web"])
        let script = try #require(token["renders"]?["cloned-web"]?.stringValue)
        #expect(script.hasPrefix("<script>"))
        #expect(script.hasSuffix("</script>"))
        #expect(script.contains("\"\(url)?l=\" + encodeURI(l) + \"&r=\" + encodeURI(r)"))
        #expect(script.contains("document.domain != \"example.com\""))
        // The mock's exact snippet.
        #expect(
            script == """
                <script>
                    if (document.domain != "example.com" && document.domain != "www.example.com") {
                        var l = location.href;
                        var r = document.referrer;
                        var m = new Image();
                        m.src = "\(url)?l=" + encodeURI(l) + "&r=" + encodeURI(r);
                    }
                </script>
                """)
    }

    @Test(
        "cloned-web: a single label fails with the not-enough-labels message",
        arguments: ["localhost", "intranet", "x", "EXAMPLE"])
    func clonedWebOneLabel(domain: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "cloned-web"), ("cloned_web", domain)])
        expectError(reply, Message.clonedWebLabels, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test(
        "cloned-web: missing or not a domain name fails with Could not process the parameters",
        arguments: [
            nil, "", "https://example.com", "http://example.com/", "example.com/login", "example.com:8080",
            "exa mple.com", "-bad.example.com", "bad-.example.com", "example..com", ".example.com", "example.com.",
            "ex_ample.com", "bücher.example", "user@example.com", String(repeating: "a", count: 64) + ".com",
        ] as [String?])
    func clonedWebInvalid(domain: String?) throws {
        let console = try TestConsole()
        let parameters = [("memo", "m"), ("kind", "cloned-web")] + (domain.map { [("cloned_web", $0)] } ?? [])
        expectError(try console.create(parameters), Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    // MARK: - web-image

    @Test(
        "web-image: accepts PNG, GIF87a, GIF89a and JPEG by magic bytes; stores the bytes and the file name",
        arguments: [
            ("logo.png", Images.png), ("old.gif", Images.gif87a), ("pixel.gif", Images.gif89a),
            ("photo.jpg", Images.jpeg), ("no extension", Images.png), ("Büro Foto 1.jpeg", Images.jpeg),
        ] as [(String, [UInt8])])
    func webImageAccepted(filename: String, bytes: [UInt8]) throws {
        let console = try TestConsole()
        let reply = try console.createWebImage(files: [("web_image", filename, bytes)])
        #expect(reply.status == 200, "\(reply.text)")
        let token = reply.json["canarytoken"]
        let id = TokenChecks.expectToken(token, kind: "web-image", memo: "web image", extraKeys: ["web_image_name"])
        #expect(token?["web_image_name"] == .string(filename))
        let file = try #require(try console.store.tokenFile(id, name: "web_image"))
        #expect(file.bytes == bytes)
        #expect(file.filename == filename)
        #expect(try console.store.token(id)?.attributes["web_image_name"] == filename)
    }

    @Test("web-image: records the type found by magic bytes, whatever the part's Content-Type said")
    func webImageType() throws {
        let console = try TestConsole()
        for (bytes, type) in [(Images.png, "image/png"), (Images.gif89a, "image/gif"), (Images.jpeg, "image/jpeg")] {
            let reply = try console.createWebImage(files: [("web_image", "f", bytes)])
            let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
            #expect(try console.store.tokenFile(id, name: "web_image")?.contentType == type)
        }
    }

    @Test("web-image: accepts exactly 1 MiB and refuses 1 MiB + 1 byte")
    func webImageSizeLimit() throws {
        let console = try TestConsole()
        let atLimit = Images.png(count: 1_048_576)
        let accepted = try console.createWebImage(files: [("web_image", "big.png", atLimit)])
        #expect(accepted.status == 200)
        let id = try #require(accepted.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(try console.store.tokenFile(id, name: "web_image")?.bytes.count == 1_048_576)
        let refused = try console.createWebImage(files: [("web_image", "big.png", Images.png(count: 1_048_577))])
        expectError(refused, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 1)
    }

    @Test(
        "web-image: bytes that are not PNG, GIF or JPEG fail",
        arguments: [
            [], Array("BM6\0\0\0".utf8), Array("not an image".utf8), Array(Images.pngSignature.prefix(7)),
            Array("GIF88a".utf8), [0xFF, 0xD8], Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8),
            Array("RIFF\0\0\0\0WEBP".utf8),
        ] as [[UInt8]])
    func webImageNotAnImage(bytes: [UInt8]) throws {
        let console = try TestConsole()
        let reply = try console.createWebImage(files: [("web_image", "fake.png", bytes)])
        expectError(reply, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("web-image: missing fails; a text field named web_image alone does not count")
    func webImageMissing() throws {
        let console = try TestConsole()
        expectError(try console.createWebImage(files: []), Message.badParameters, status: 400)
        expectError(
            try console.createWebImage(fields: [("web_image", "/home/me/pixel.gif")], files: []), Message.badParameters,
            status: 400)
        // A file part of another name does not count either.
        expectError(try console.createWebImage(files: [("image", "pixel.gif", Images.gif89a)]), Message.badParameters, status: 400)
        // A url-encoded body cannot carry a file.
        let form = try console.create([("memo", "m"), ("kind", "web-image"), ("web_image", "GIF89a")])
        expectError(form, Message.badParameters, status: 400)
        let query = try console.create([("memo", "m"), ("kind", "web-image"), ("web_image", "GIF89a")], via: .query)
        expectError(query, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("web-image: a text field of the same name neither counts nor hides the file (the official client sends both)")
    func webImageTextAndFile() throws {
        let console = try TestConsole()
        let textThenFile = try console.createWebImage(
            fields: [("web_image", "/home/me/pixel.gif")], files: [("web_image", "pixel.gif", Images.gif89a)])
        #expect(textThenFile.status == 200)
        #expect(textThenFile.json["canarytoken"]?["web_image_name"] == "pixel.gif")
        let textFirstOfAll = try console.createWebImage(
            files: [("web_image", "first.png", Images.png)], textFirst: [("web_image", "C:\\pixel.png")])
        #expect(textFirstOfAll.json["canarytoken"]?["web_image_name"] == "first.png")
    }

    @Test("web-image: the first file part of that name is the image")
    func webImageFirstFileWins() throws {
        let console = try TestConsole()
        let reply = try console.createWebImage(files: [("web_image", "one.png", Images.png), ("web_image", "two.jpg", Images.jpeg)])
        #expect(reply.status == 200)
        let id = try #require(reply.json["canarytoken"]?["canarytoken"]?.stringValue)
        #expect(reply.json["canarytoken"]?["web_image_name"] == "one.png")
        #expect(try console.store.tokenFile(id, name: "web_image")?.bytes == Images.png)
    }

    // MARK: - aws-s3

    @Test("aws-s3: without parameters makes a token with no extra fields")
    func awsS3Plain() throws {
        let console = try TestConsole()
        let (token, _) = try console.createToken(kind: "aws-s3")
        TokenChecks.expectToken(token, kind: "aws-s3", memo: "test memo")
    }

    @Test(
        "aws-s3: shows valid bucket names",
        arguments: ["abc", "my-bucket", "logs.example.com", "a1b", "0bucket9", String(repeating: "b", count: 63)])
    func awsS3Buckets(bucket: String) throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "aws-s3", [("s3_source_bucket", bucket), ("s3_log_bucket", "log-" + bucket.prefix(50))])
        TokenChecks.expectToken(token, kind: "aws-s3", memo: "test memo", extraKeys: ["s3_source_bucket", "s3_log_bucket"])
        #expect(token["s3_source_bucket"] == .string(bucket))
        #expect(token["s3_log_bucket"] == .string("log-" + bucket.prefix(50)))
        #expect(try console.store.token(id)?.attributes["s3_source_bucket"] == bucket)
    }

    @Test(
        "aws-s3: refuses invalid bucket names in either parameter",
        arguments: [
            "ab", String(repeating: "b", count: 64), "-bucket", "bucket-", ".bucket", "bucket.", "Bucket", "my_bucket",
            "my bucket", "bücket", "s3://bucket",
        ])
    func awsS3BadBuckets(bucket: String) throws {
        let console = try TestConsole()
        for name in ["s3_source_bucket", "s3_log_bucket"] {
            let reply = try console.create([("memo", "m"), ("kind", "aws-s3"), (name, bucket)])
            expectError(reply, Message.badParameters, status: 400)
        }
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("aws-s3: aws_access_key and aws_region together show aws_region and never the key")
    func awsS3KeyAndRegion() throws {
        let console = try TestConsole()
        let secret = "AKIASECRETKEYNEVERSHOWN"
        let reply = try console.create([("memo", "m"), ("kind", "aws-s3"), ("aws_access_key", secret), ("aws_region", "eu-west-2")])
        #expect(reply.status == 200)
        let token = reply.json["canarytoken"]
        let id = TokenChecks.expectToken(token, kind: "aws-s3", memo: "m", extraKeys: ["aws_region"])
        #expect(token?["aws_region"] == "eu-west-2")
        #expect(!reply.text.contains(secret))
        #expect(!reply.text.contains("aws_access_key\""))
        let stored = try #require(try console.store.token(id))
        #expect(!stored.attributes.values.contains(secret))
        #expect(!(try console.fetch(id).text.contains(secret)))
    }

    @Test(
        "aws-s3: aws_access_key and aws_region go together; one without the other fails",
        arguments: [[Pair("aws_access_key", "AKIAEXAMPLE")], [Pair("aws_region", "us-east-1")],
                    [Pair("aws_access_key", "AKIAEXAMPLE"), Pair("aws_region", "")],
                    [Pair("aws_access_key", ""), Pair("aws_region", "us-east-1")]])
    func awsS3Pairing(parameters: [Pair]) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "aws-s3")] + parameters.map(\.tuple))
        expectError(reply, Message.badParameters, status: 400)
    }

    @Test(
        "aws-s3: aws_region must look like us-east-1",
        arguments: ["US-EAST-1", "useast1", "us-east", "us-east-1a", "us_east_1", "us-east-", "-east-1", "us--east-1", "us-east-one"])
    func awsS3BadRegion(region: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "aws-s3"), ("aws_access_key", "AKIAX"), ("aws_region", region)])
        expectError(reply, Message.badParameters, status: 400)
    }

    @Test("aws-s3: accepts real region names", arguments: ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4"])
    func awsS3Regions(region: String) throws {
        let console = try TestConsole()
        let (token, _) = try console.createToken(kind: "aws-s3", [("aws_access_key", "AKIAX"), ("aws_region", region)])
        #expect(token["aws_region"] == .string(region))
    }

    // MARK: - aws-id

    @Test("aws-id: makes an access key id, a secret, the given username and the credentials render")
    func awsID() throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "aws-id", [("aws_id_username", "deploy.bot@example")])
        TokenChecks.expectToken(
            token, kind: "aws-id", memo: "test memo", extraKeys: ["access_key_id", "secret_access_key", "username", "renders"])
        let keyID = try #require(token["access_key_id"]?.stringValue)
        let secret = try #require(token["secret_access_key"]?.stringValue)
        #expect(Formats.isAccessKeyID(keyID), "\(keyID)")
        #expect(Formats.isSecretAccessKey(secret), "\(secret)")
        #expect(token["username"] == "deploy.bot@example")
        #expect(token["renders"]?.objectValue?.keys.sorted() == ["aws-id"])
        #expect(
            token["renders"]?["aws-id"]
                == .string("\n    [default]\n    aws_access_key_id = \(keyID)\n    aws_secret_access_key = \(secret)"))
        let stored = try #require(try console.store.token(id))
        #expect(stored.attributes["access_key_id"] == keyID)
        #expect(stored.attributes["secret_access_key"] == secret)
        #expect(stored.attributes["username"] == "deploy.bot@example")
        // Fetch shows the same credentials.
        #expect(try console.fetch(id).json["token"] == token)
    }

    @Test("aws-id: without aws_id_username makes a random valid username, different per token")
    func awsIDRandomUsername() throws {
        let console = try TestConsole()
        let first = try console.createToken(kind: "aws-id").token
        let second = try console.createToken(kind: "aws-id", [("aws_id_username", "")]).token
        let names = [first, second].map { $0["username"]?.stringValue ?? "" }
        for name in names { #expect(Formats.isAWSUsername(name), "\(name)") }
        #expect(names[0] != names[1])
        #expect(first["access_key_id"] != second["access_key_id"])
        #expect(first["secret_access_key"] != second["secret_access_key"])
    }

    @Test(
        "aws-id: accepts IAM user names of 1 to 64 of A-Za-z0-9+=,.@_-",
        arguments: ["a", "Z9", "user+tag=1,x.y@z_w-v", String(repeating: "u", count: 64)])
    func awsIDUsernames(username: String) throws {
        let console = try TestConsole()
        #expect(try console.createToken(kind: "aws-id", [("aws_id_username", username)]).token["username"] == .string(username))
    }

    @Test(
        "aws-id: refuses other user names",
        arguments: [String(repeating: "u", count: 65), "bad name", "user/name", "üser", "user:name", "user#1", "user*"])
    func awsIDBadUsername(username: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "aws-id"), ("aws_id_username", username)])
        expectError(reply, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    // MARK: - http

    @Test(
        "http: browser_scanner_enabled is true by default and takes true/false in any case or 1/0",
        arguments: [
            (nil, true), ("", true), ("true", true), ("TRUE", true), ("True", true), ("1", true),
            ("false", false), ("False", false), ("FALSE", false), ("0", false),
        ] as [(String?, Bool)])
    func browserScanner(value: String?, expected: Bool) throws {
        let console = try TestConsole()
        let (token, id) = try console.createToken(kind: "http", value.map { [("browser_scanner_enabled", $0)] } ?? [])
        TokenChecks.expectToken(token, kind: "http", memo: "test memo", extraKeys: ["browser_scanner_enabled"])
        #expect(token["browser_scanner_enabled"] == .bool(expected))
        #expect(try console.fetch(id).json["token"]?["browser_scanner_enabled"] == .bool(expected))
    }

    @Test("http: any other browser_scanner_enabled fails", arguments: ["yes", "no", "on", "off", "t", "f", "2", "-1", "01", " true"])
    func browserScannerInvalid(value: String) throws {
        let console = try TestConsole()
        let reply = try console.create([("memo", "m"), ("kind", "http"), ("browser_scanner_enabled", value)])
        expectError(reply, Message.badParameters, status: 400)
        #expect(try console.store.tokenCount() == 0)
    }

    @Test("browser_scanner_enabled is ignored on other kinds", arguments: ["dns", "fast-redirect", "aws-id", "qr-code"])
    func browserScannerIgnored(kind: String) throws {
        let console = try TestConsole()
        let (token, _) = try console.createToken(kind: kind, [("browser_scanner_enabled", "yes")])
        #expect(token["browser_scanner_enabled"] == nil)
    }

    // MARK: - Redirects

    @Test("fast-redirect and slow-redirect show browser_redirect_url when given", arguments: ["fast-redirect", "slow-redirect"])
    func redirects(kind: String) throws {
        let console = try TestConsole()
        let target = "https://example.com/landing?a=1&b=two%20words"
        let (token, id) = try console.createToken(kind: kind, [("browser_redirect_url", target)])
        TokenChecks.expectToken(token, kind: kind, memo: "test memo", extraKeys: ["browser_redirect_url"])
        #expect(token["browser_redirect_url"] == .string(target))
        #expect(try console.store.token(id)?.attributes["browser_redirect_url"] == target)
        let plain = try console.createToken(kind: kind).token
        TokenChecks.expectToken(plain, kind: kind, memo: "test memo")
    }
}
