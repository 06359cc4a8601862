import CanaryStore
import MiniHTTP

// The `ignore_list` of a seed file and of the config file (docs/api.md §7.6): `[{"src_ip": "10.0.0.5"},
// {"src_ip": "10.0.0.6", "dst_port": 22}]`, the shape `GET /_mock/state` lists, so a dump loads back as is.

extension SeedFile {
    /// Reads an `ignore_list` with the rules of `settings/whitelist_ip_port`: an IPv4 or IPv6 address (stored
    /// lowercased) and an optional port 1–65535; a repeated entry is kept once.
    /// - Throws: naming the file and the entry's key.
    static func readIgnoreList(_ file: JSONObjectReader) throws(ConfigurationError) -> [IgnoreEntry] {
        var entries: [IgnoreEntry] = []
        var seen: Set<IgnoreEntry> = []
        for entry in try file.objectList("ignore_list") ?? [] {
            try entry.rejectUnknown(["src_ip", "dst_port"])
            let address = try entry.requiredString("src_ip")
            guard IgnoreList.isAddress(address) else {
                throw entry.problem("src_ip", "must be an IPv4 or IPv6 address such as 10.0.0.5", got: address)
            }
            let parsed = IgnoreEntry(srcIP: IgnoreList.canonical(address), dstPort: try entry.integer("dst_port", in: 1...65535))
            if seen.insert(parsed).inserted { entries.append(parsed) }
        }
        return entries
    }

    /// The ignore list as `GET /_mock/state` shows it: `src_ip`, and `dst_port` only on entries limited to one.
    static func ignoreListJSON(_ entries: [IgnoreEntry]) -> JSONValue {
        .array(entries.map { entry in
            var object: [String: JSONValue] = ["src_ip": .string(entry.srcIP)]
            if let port = entry.dstPort { object["dst_port"] = .int(port) }
            return .object(object)
        })
    }
}
