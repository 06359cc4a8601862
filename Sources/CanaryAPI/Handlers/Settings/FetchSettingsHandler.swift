import CanaryStore
import MiniHTTP

/// `GET /api/v1/settings` (docs/api.md §7.6): the Console's settings object, with the mock's ignore list in its
/// `whitelist_*` members and every integration off.
package enum FetchSettingsHandler {
    /// Auth, then the settings. `console_domain` is the configured token domain; `auth_token` is left out, so no
    /// key is ever echoed (docs/choices.md).
    package static func handle(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        _ = try context.authenticated(request)
        let entries = try context.read("ignore list") { store in try store.ignoreEntries() }
        // The Console joins both lists into one comma-separated string each, not a JSON array.
        let ips = entries.filter { $0.dstPort == nil }.map(\.srcIP).joined(separator: ",")
        let ports = entries.compactMap { entry in entry.dstPort.map { "\(entry.srcIP):\($0)" } }
            .joined(separator: ",")
        return .json([
            "auth_token_enabled": true,
            "canarytokens_user_domains_enable": false,
            "canarytokens_webroot_enable": false,
            "console_domain": .string(context.configuration.tokenDomain),
            "console_settings_change_enable": false,
            "device_settings_change_enable": false,
            "email_notification_enable": false,
            "generic_incident_webhooks": [],
            "globally_enforce_2fa": false,
            "hipchat_integration_urls": [],
            "incident_webhooks_enabled": false,
            "ms_teams_webhooks": [],
            "notification_addresses": [],
            "notification_numbers": [],
            "result": "success",
            "sensitive_data_masking_enable": false,
            "slack_incident_webhook": [],
            "sms_notification_enable": false,
            "summary_email_addresses": [],
            "summary_email_enable": false,
            "syslog_enabled": false,
            "whitelist_enable": true,
            "whitelist_hostnames": "",
            "whitelist_hostnames_enable": false,
            "whitelist_ips": .string(ips),
            "whitelist_oid_enable": false,
            "whitelist_oids": "",
            "whitelist_src_port_enable": true,
            "whitelist_src_port_ips": .string(ports),
        ])
    }
}
