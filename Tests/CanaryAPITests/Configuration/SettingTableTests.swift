import CanaryAPI
import Testing

@Suite("Setting: the one table the flags, variables, file keys and usage come from")
struct SettingTableTests {
    @Test("The config file's keys are the table's, the same set as before the table")
    func fileKeys() {
        #expect(ConfigurationLoader.fileKeys == [
            "host", "port", "database", "auth_tokens", "flocks", "token_domain", "factories", "devices",
            "factory_kinds",
            "error_status", "max_connections", "max_connections_per_peer", "stop_grace_seconds", "max_body_bytes",
            "log_format", "log_level", "journal_size", "admin_token", "admin_token_file", "auth_tokens_file", "seed",
            "token_url_base", "dns_port", "dns_answer_ip", "incident_window_seconds",
            "ignore_list", "webhooks", "webhook_triggered_type",
        ])
    }

    @Test("Every row's flag, variable and config key, and every secret file's, is in the usage text")
    func usageListsEveryRow() {
        let usage = ConfigurationLoader.usage
        for setting in [Setting.configFile] + Setting.all {
            for word in [setting.flag, setting.variable, setting.secretFile?.flag, setting.secretFile?.variable]
            .compactMap({ $0 }) {
                #expect(usage.contains(word), "usage lacks \(word)")
            }
            if let key = setting.key, setting.flag != nil { #expect(usage.contains("config key \(key)"), "\(key)") }
        }
        #expect(usage.split(separator: "\n").allSatisfy { $0.count <= 116 })
    }

    @Test("Every flag, variable and key is named once in the table")
    func noDuplicates() {
        let rows = [Setting.configFile] + Setting.all
        let names = rows.flatMap {
            [$0.flag, $0.variable, $0.key, $0.secretFile?.flag, $0.secretFile?.variable, $0.secretFile?.key]
                .compactMap { $0 }
        }
        #expect(Set(names).count == names.count)
    }

    @Test(
        "The connection and body limits are flags and variables too, checked with one line naming the source",
        arguments: [
            (["--max-connections", "0"], [:],
             "flag --max-connections: max connections must be a whole number from 1 to 100000, got \"0\""),
            (["--max-connections-per-peer=100001"], [:],
             "flag --max-connections-per-peer: max connections per peer must be a whole number from 1 to 100000, got \"100001\""),
            ([], ["CANARY_MOCK_STOP_GRACE_SECONDS": "3601"],
             "environment variable CANARY_MOCK_STOP_GRACE_SECONDS: stop grace seconds must be a whole number from 0 to 3600, got \"3601\""),
            ([], ["CANARY_MOCK_MAX_BODY_BYTES": "1k"],
             "environment variable CANARY_MOCK_MAX_BODY_BYTES: max body bytes must be a whole number from 1024 to 1073741824, got \"1k\""),
            (["--max-body-bytes", "1023"], [:],
             "flag --max-body-bytes: max body bytes must be a whole number from 1024 to 1073741824, got \"1023\""),
        ] as [([String], [String: String], String)])
    func newLimitFlags(arguments: [String], environment: [String: String], message: String) {
        #expect(ConfigurationLoaderTests.failure(arguments, environment: environment) == message)
    }

    @Test("max_body_bytes and max_connections from the file are still checked by their ranges")
    func fileRanges() {
        #expect(ConfigurationLoaderTests.failure(["--config", "c.json"], file: #"{"max_body_bytes": 10}"#)
            == "config file c.json: key \"max_body_bytes\": must be from 1024 to 1073741824, got 10")
        #expect(ConfigurationLoaderTests.failure(["--config", "c.json"], file: #"{"max_connections": "8"}"#)
            == "config file c.json: key \"max_connections\": must be a whole number, found a string")
    }
}
