import Foundation
import Glibc
import MiniHTTP
import Testing
import TestSupport

@Suite("The canary-mock binary")
struct BinaryTests {
    @Test("--help and --version print and exit 0")
    func helpAndVersion() throws {
        let help = try BinaryProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("Usage: canary-mock [--config PATH]"))
        let version = try BinaryProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("canary-mock "))
    }

    static let badConfigurations: [(arguments: [String], environment: [String: String], expected: String)] = [
        (["--port", "70000"], [:], "canary-mock: flag --port: port must be a whole number from 0 to 65535, got \"70000\""),
        ([], ["CANARY_MOCK_PORT": "http"], "canary-mock: environment variable CANARY_MOCK_PORT: port must be a whole number from 0 to 65535, got \"http\""),
        (["--bogus"], [:], "canary-mock: unknown flag --bogus (see --help)"),
        (["--config", "/nonexistent/canary.json"], [:], "canary-mock: config file /nonexistent/canary.json: cannot open: No such file or directory"),
    ]

    @Test("A bad configuration stops the start with one clear line and exit status 2", arguments: badConfigurations)
    func badConfiguration(_ testCase: (arguments: [String], environment: [String: String], expected: String)) throws {
        let result = try BinaryProcess.run(testCase.arguments + ["--database", ":memory:"], environment: testCase.environment)
        #expect(result.status == 2)
        #expect(result.output == testCase.expected + "\n")
    }

    @Test("A config file with an unknown key or a bad flock id names the file and the key")
    func badConfigFile() throws {
        let path = temporaryPath("config.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"port": 8080, "flocks": [{"flock_id": "flock:nothex", "name": "x"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let result = try BinaryProcess.run(["--config", path, "--database", ":memory:"])
        #expect(result.status == 2)
        #expect(result.output == "canary-mock: config file \(path): key \"flocks[0].flock_id\": must be flock:default or flock: followed by 32 lowercase hex digits, got \"flock:nothex\"\n")
        try Data(#"{"prot": 1}"#.utf8).write(to: URL(fileURLWithPath: path))
        let unknown = try BinaryProcess.run(["--config", path, "--database", ":memory:"])
        #expect(unknown.status == 2)
        #expect(unknown.output.hasPrefix("canary-mock: config file \(path): unknown key \"prot\""))
    }

    @Test("SIGTERM and SIGINT stop the server with exit status 0 and a stop line")
    func signals() throws {
        for signal in [SIGTERM, SIGINT] {
            let server = try BinaryProcess(["--port", "0", "--database", ":memory:"])
            let port = try #require(server.waitUntilListening())
            let client = try RawClient(port: port)
            #expect(try client.exchange("GET /api/v1/ping?auth_token=canary-mock-auth-token HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            let result = server.stop(signal: signal)
            #expect(result.status == 0)
            #expect(result.output.contains("auth_token: canary-mock-auth-token"))
            #expect(result.output.hasSuffix("stopped\n"))
        }
    }

    @Test("A token created before a restart is fetched unchanged after it, from the same database file")
    func restartKeepsTokens() throws {
        let database = temporaryPath("db.sqlite3")
        defer { removeDatabase(database) }
        let first = try BinaryProcess(["--port", "0", "--database", database])
        let port = try #require(first.waitUntilListening())
        let creator = try RawClient(port: port)
        let body = "auth_token=canary-mock-auth-token&memo=survives+restarts&kind=aws-id"
        let created = try creator.exchange(
            "POST /api/v1/canarytoken/create HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(created.status == 200)
        let token = try #require(JSONReader.parse(created.body)["canarytoken"])
        let id = try #require(token["canarytoken"]?.stringValue)
        creator.close()
        #expect(first.stop().status == 0)

        let second = try BinaryProcess(["--port", "0", "--database", database])
        let secondPort = try #require(second.waitUntilListening())
        let fetcher = try RawClient(port: secondPort)
        let fetched = try fetcher.exchange(
            "GET /api/v1/canarytoken/fetch?auth_token=canary-mock-auth-token&canarytoken=\(id) HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(fetched.status == 200)
        #expect(try JSONReader.parse(fetched.body)["token"] == token)
        fetcher.close()
        #expect(second.stop().status == 0)
    }
}

@Suite("The canary-mock binary: healthcheck and logs")
struct BinaryHealthAndLogTests {
    @Test("healthcheck exits 0 against the running server and 1 when nothing answers")
    func healthcheck() throws {
        let server = try BinaryProcess(["--port", "0", "--database", ":memory:"])
        let port = try #require(server.waitUntilListening())
        let healthy = try BinaryProcess.run(["healthcheck", "--port", String(port)])
        #expect(healthy.status == 0)
        #expect(healthy.output == "canary-mock healthcheck: ok\n")
        let viaEnvironment = try BinaryProcess.run(["healthcheck"], environment: ["CANARY_MOCK_PORT": String(port), "CANARY_MOCK_HOST": "0.0.0.0"])
        #expect(viaEnvironment.status == 0)
        #expect(server.stop().status == 0)
        let down = try BinaryProcess.run(["healthcheck", "--port", String(port)])
        #expect(down.status == 1)
        #expect(down.output.hasPrefix("canary-mock healthcheck: unhealthy: connect 127.0.0.1:\(port)"))
    }

    @Test("JSON logs: every line parses, one request line per request, no query string or secret anywhere")
    func jsonLogs() throws {
        let server = try BinaryProcess(["--port", "0", "--database", ":memory:", "--log-format", "json", "--auth-token", "s3cret-key-value"])
        let port = try #require(server.waitUntilListening())
        let client = try RawClient(port: port)
        let body = "memo=m&kind=dns&factory_auth=fa-secret"
        _ = try client.exchange("POST /api/v1/canarytoken/create?auth_token=s3cret-key-value HTTP/1.1\r\nHost: t\r\n"
            + "X-Canary-Auth-Token: header-secret\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        _ = try client.exchange("GET /api/v1/ping?auth_token=wrong-secret HTTP/1.1\r\nHost: t\r\n\r\n")
        client.close()
        let result = server.stop()
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        var requests: [JSONValue] = []
        for line in lines {
            let object = try JSONReader.parse(Array(line.utf8))
            if object["message"] == "request" { requests.append(object) }
        }
        #expect(requests.count == 2)
        #expect(requests.first?["path"] == "/api/v1/canarytoken/create")
        #expect(requests.first?["status"] == 200)
        #expect(requests.last?["status"] == 401)
        for secret in ["s3cret-key-value", "header-secret", "fa-secret", "wrong-secret", "auth_token=", "?"] {
            #expect(!result.output.contains(secret), "log shows \(secret)")
        }
    }
}
