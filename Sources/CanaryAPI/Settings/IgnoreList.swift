import CanaryStore
import MiniHTTP

/// The ignore list as the API and the trigger pipeline see it (docs/api.md §7.6): the parameter checks of the
/// settings routes and the lookup a hit makes before anything is written.
///
/// No copy is kept in memory: a hit reads the entries of its one address through the primary key's index, so a
/// change or a `/_mock/reset` is seen by the very next hit with nothing to invalidate.
package struct IgnoreList: Sendable {
    /// Where the entries live.
    private let store: ConsoleStore
    /// Where a failed lookup is reported.
    private let log: @Sendable (String) -> Void

    /// Makes the list over a store.
    package init(store: ConsoleStore, log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.log = log
    }

    /// Whether a hit from `srcIP` (on `port`, when the channel knows it) is ignored. A store failure is logged and
    /// ignores nothing: an alert too many beats one lost.
    package func isIgnored(srcIP: String, port: Int?) -> Bool {
        guard !srcIP.isEmpty else { return false }
        do {
            let address = Self.canonical(srcIP)
            return try store.ignoreEntries(srcIP: address).contains { entry in
                entry.matches(srcIP: address, port: port)
            }
        } catch {
            log("ignore list lookup failed: \(error)")
            return false
        }
    }

    /// The hooks the console's pipeline runs with: this list's check before `hooks`' own, and `hooks`' handler of
    /// opened incidents.
    package func hooks(over hooks: TriggerHooks) -> TriggerHooks {
        TriggerHooks(
            isIgnored: { srcIP, port in
                isIgnored(srcIP: srcIP, port: port) || hooks.isIgnored(srcIP, port)
            },
            incidentOpened: hooks.incidentOpened)
    }

    // MARK: - Parameters

    /// The `src_ip` parameter, required: an IPv4 dotted quad, or an IPv6 text (lowercased so that it compares
    /// equal to the peer address a channel reports); otherwise `Parameter src_ip was invalid.`.
    package static func srcIP(_ parameters: HTTPParameters) throws(APIError) -> String {
        guard let given = parameters["src_ip"], isAddress(given) else { throw .invalidParameter("src_ip") }
        return canonical(given)
    }

    /// The optional `dst_port` parameter: absent or empty → nil (every port), else a decimal 1–65535; otherwise
    /// `Parameter dst_port was invalid.`.
    package static func dstPort(_ parameters: HTTPParameters) throws(APIError) -> Int? {
        guard let given = parameters["dst_port"], !given.isEmpty else { return nil }
        guard given.utf8.count <= 5, given.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let port = Int(given),
            (1...65535).contains(port)
        else { throw .invalidParameter("dst_port") }
        return port
    }

    /// An IPv4 dotted quad, or an IPv6 text of hex digits, colons and dots (2–45 characters, at least one colon).
    static func isAddress(_ text: String) -> Bool {
        if Validation.isIPv4(text) { return true }
        guard text.contains(":"), (2...45).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
                || byte == 0x3A || byte == 0x2E
        }
    }

    /// The form an address is stored and compared in: IPv6 hex digits lowercased, as peer addresses print them.
    static func canonical(_ text: String) -> String { text.lowercased() }
}
