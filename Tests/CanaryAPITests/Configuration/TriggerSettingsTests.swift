import CanaryAPI
import Testing

/// The settings of the trigger channels (docs/api.md §7.2–7.3): token_url_base, dns_port, dns_answer_ip,
/// incident_window_seconds, from flag, variable and file.
@Suite("Configuration: the trigger settings")
struct TriggerSettingsTests {
    @Test("Defaults: URLs from the token domain, no DNS responder, answers 127.0.0.1, a 60-second window")
    func defaults() throws {
        let configuration = try ConfigurationLoaderTests.serve([])
        #expect(configuration.tokenURLBase == nil)
        #expect(configuration.effectiveTokenURLBase == "http://canarytokens.localhost")
        #expect(configuration.dnsPort == nil)
        #expect(configuration.dnsAnswerIP == "127.0.0.1")
        #expect(configuration.incidentWindowSeconds == 60)
    }

    @Test("Flags, variables and the file each set them; the flag wins over the variable over the file")
    func sources() throws {
        let file = """
            {"token_url_base": "https://tokens.example:8443", "dns_port": 5353, "dns_answer_ip": "10.0.0.1",
             "incident_window_seconds": 5}
            """
        let fromFile = try ConfigurationLoaderTests.serve(["--config", "c.json"], file: file)
        #expect(fromFile.effectiveTokenURLBase == "https://tokens.example:8443")
        #expect(fromFile.dnsPort == 5353)
        #expect(fromFile.dnsAnswerIP == "10.0.0.1")
        #expect(fromFile.incidentWindowSeconds == 5)
        let fromVariables = try ConfigurationLoaderTests.serve(["--config", "c.json"], environment: [
            "CANARY_MOCK_TOKEN_URL_BASE": "http://127.0.0.1:9000", "CANARY_MOCK_DNS_PORT": "0",
            "CANARY_MOCK_DNS_ANSWER_IP": "192.168.1.2", "CANARY_MOCK_INCIDENT_WINDOW_SECONDS": "0",
        ], file: file)
        #expect(fromVariables.tokenURLBase == "http://127.0.0.1:9000")
        #expect(fromVariables.dnsPort == 0)
        #expect(fromVariables.dnsAnswerIP == "192.168.1.2")
        #expect(fromVariables.incidentWindowSeconds == 0)
        let fromFlags = try ConfigurationLoaderTests.serve(
            ["--config", "c.json", "--token-url-base", "http://localhost:8080", "--dns-port", "8053",
             "--dns-answer-ip", "127.0.0.2", "--incident-window-seconds", "600"],
            environment: ["CANARY_MOCK_DNS_PORT": "0"], file: file)
        #expect(fromFlags.tokenURLBase == "http://localhost:8080")
        #expect(fromFlags.dnsPort == 8053)
        #expect(fromFlags.dnsAnswerIP == "127.0.0.2")
        #expect(fromFlags.incidentWindowSeconds == 600)
    }

    @Test("Bad values stop the start with one line naming the source", arguments: [
        (["--token-url-base", "http://h/path"],
         "flag --token-url-base: must be http:// or https:// and a host with an optional port, no path, such as http://127.0.0.1:8080, got \"http://h/path\""),
        (["--dns-answer-ip", "::1"], "flag --dns-answer-ip: must be an IPv4 address such as 127.0.0.1, got \"::1\""),
        (["--dns-answer-ip", "1.2.3.04"], "flag --dns-answer-ip: must be an IPv4 address such as 127.0.0.1, got \"1.2.3.04\""),
        (["--dns-answer-ip", "256.1.1.1"], "flag --dns-answer-ip: must be an IPv4 address such as 127.0.0.1, got \"256.1.1.1\""),
    ])
    func refused(arguments: [String], message: String) {
        #expect(ConfigurationLoaderTests.failure(arguments) == message)
    }

    @Test("Out-of-range numbers and a bad file value are refused")
    func refusedNumbersAndFile() {
        #expect(ConfigurationLoaderTests.failure(["--dns-port", "70000"]) != nil)
        #expect(ConfigurationLoaderTests.failure(["--incident-window-seconds", "-1"]) != nil)
        #expect(ConfigurationLoaderTests.failure(["--incident-window-seconds", "86401"]) != nil)
        #expect(ConfigurationLoaderTests.failure(["--config", "c.json"], file: #"{"dns_answer_ip": "x"}"#)
            == "config file c.json: key \"dns_answer_ip\": must be an IPv4 address such as 127.0.0.1, got \"x\"")
        #expect(ConfigurationLoaderTests.failure(["--config", "c.json"], file: #"{"token_url_base": "ftp://x"}"#)
            == "config file c.json: key \"token_url_base\": must be http:// or https:// and a host with an optional port, no path, such as http://127.0.0.1:8080, got \"ftp://x\"")
    }
}
