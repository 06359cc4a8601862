import Basics
import TokenFiles

/// slack-api's secret, made once at create: the field `SlackAPIBuilder` reads.
package enum SlackKeys {
    /// `slack_api_key`, shaped like a Slack user token `xoxp-<team digits>-<user digits>-<token digits>-<32 hex>`.
    package static func make() -> [String: String] {
        let key = "xoxp-\(RandomBytes.digits(12))-\(RandomBytes.digits(12))-\(RandomBytes.digits(13))-"
            + RandomBytes.hexString(RandomBytes.make(16))
        return ["slack_api_key": key]
    }
}
