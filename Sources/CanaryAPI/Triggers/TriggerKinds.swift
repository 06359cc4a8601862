/// For each token kind: the logtype its incidents carry and the channel its hits arrive by (docs/triggers.md).
///
/// Logtypes are the Console's documented codes (https://docs.canary.tools/incidents/incident-objects.html) where it
/// lists the kind; the others are the mock's choice, named in docs/triggers.md.
package enum TriggerKinds {
    /// A kind's logtype and channel.
    package struct Entry: Sendable, Equatable {
        /// The logtype code, as the incident's `logtype` string.
        package let logtype: String
        /// The channel hits of this kind arrive by unless the trigger names another.
        package let channel: Trigger.Channel

        /// Makes an entry.
        package init(logtype: String, channel: Trigger.Channel) {
            self.logtype = logtype
            self.channel = channel
        }
    }

    private static let table: [String: Entry] = [
        "http": Entry(logtype: "17000", channel: .http),
        "web-image": Entry(logtype: "17001", channel: .http),
        "cloned-web": Entry(logtype: "17003", channel: .http),
        "doc-msword": Entry(logtype: "17004", channel: .http),
        "aws-s3": Entry(logtype: "17005", channel: .http),
        "signed-exe": Entry(logtype: "17008", channel: .http),
        "qr-code": Entry(logtype: "17009", channel: .http),
        "svn": Entry(logtype: "17010", channel: .http),
        "sql": Entry(logtype: "17011", channel: .dns),
        "aws-id": Entry(logtype: "17012", channel: .aws),
        "apeeper": Entry(logtype: "17013", channel: .http),
        "fast-redirect": Entry(logtype: "17016", channel: .http),
        "slow-redirect": Entry(logtype: "17017", channel: .http),
        "slack-api": Entry(logtype: "17020", channel: .http),
        "wireguard": Entry(logtype: "17022", channel: .http),
        "doc-msexcel": Entry(logtype: "17023", channel: .http),
        "azure-id": Entry(logtype: "17024", channel: .http),
        "cloned-css": Entry(logtype: "17025", channel: .http),
        "credit-card": Entry(logtype: "17027", channel: .http),
        "mysql-dump": Entry(logtype: "17029", channel: .http),
        "dns": Entry(logtype: "16000", channel: .dns),
        "windows-dir": Entry(logtype: "16006", channel: .dns),
        "pdf-acrobat-reader": Entry(logtype: "16008", channel: .dns),
        "msword-macro": Entry(logtype: "16009", channel: .dns),
        "msexcel-macro": Entry(logtype: "16010", channel: .dns),
        "sensitive-cmd": Entry(logtype: "16011", channel: .dns),
    ]

    /// The entry for a kind; a kind missing from the table (none today; a test checks every kind) is a web bug.
    package static func entry(for kind: String) -> Entry {
        table[kind] ?? Entry(logtype: "17000", channel: .http)
    }

    /// Whether the table names this kind.
    package static func covers(_ kind: String) -> Bool { table[kind] != nil }

    /// The destination port an event of this channel shows (`dst_port`).
    package static func destinationPort(_ channel: Trigger.Channel) -> Int {
        switch channel {
        case .http, .aws: 80
        case .dns: 53
        }
    }
}
