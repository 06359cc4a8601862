import Foundation
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct WireGuard {
        /// Fields as the kind's create-time generator (CanaryAPI's `WireGuardKeys`) stores them.
        static let fields = [
            "wg_private_key": "aFcpyWJjoH5Mf0ky3EXRCL3WZ1MQaC2SGQ6kRwLfxWU=",
            "wg_server_public_key": "3hPyUq8zxwy7u/9ty4a8qZfOOmgq4pb2uIBA5yETNRQ=",
            "wg_persistent_keepalive": "120",
        ]
        let input = Builders.input(kind: "wireguard", fields: WireGuard.fields)

        /// `[Section]` → key → value, as wg-quick reads the file (keys and values trimmed).
        func parse(_ text: String) -> [String: [String: String]] {
            var sections: [String: [String: String]] = [:]
            var current = ""
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") && line.hasSuffix("]") {
                    current = String(line.dropFirst().dropLast())
                    sections[current, default: [:]] = [:]
                } else if let equals = line.firstIndex(of: "=") {
                    let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                    sections[current, default: [:]][key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                }
            }
            return sections
        }

        @Test("The config has [Interface] and [Peer] with the stored keys and the domain endpoint")
        func sections() throws {
            let sections = parse(try WireGuardBuilder.config(input))
            #expect(Set(sections.keys) == ["Interface", "Peer"])
            #expect(sections["Interface"] == [
                "PrivateKey": input.fields["wg_private_key"] ?? "", "Address": "192.168.123.107/32",
            ])
            #expect(sections["Peer"] == [
                "PublicKey": input.fields["wg_server_public_key"] ?? "", "AllowedIPs": "192.168.1.0/24",
                "Endpoint": "a9534a2b80e6.o3n.io:51820",
                "PersistentKeepalive": input.fields["wg_persistent_keepalive"] ?? "",
            ])
        }

        @Test("The config text keeps the OSS layout: two-space indents, blank line, no final newline")
        func layout() throws {
            let fields = ["wg_private_key": "P=", "wg_server_public_key": "S=", "wg_persistent_keepalive": "90"]
            let text = try WireGuardBuilder.config(Builders.input(kind: "wireguard", fields: fields))
            #expect(text == "[Interface]\n  PrivateKey = P=\n  Address = 192.168.123.107/32\n\n[Peer]\n  PublicKey = S=\n"
                + "  AllowedIPs = 192.168.1.0/24\n  Endpoint = a9534a2b80e6.o3n.io:51820\n  PersistentKeepalive = 90")
        }

        @Test("The download is wg0.conf: the config text and a newline")
        func download() throws {
            let file = try WireGuardBuilder().build(input)
            #expect(file.name == "wg0.conf")
            #expect(file.contentType == "text/plain")
            #expect(file.bytes == Array((try WireGuardBuilder.config(input) + "\n").utf8))
        }

        @Test("Each missing field is named")
        func missing() {
            for name in ["wg_private_key", "wg_server_public_key", "wg_persistent_keepalive"] {
                var fields = WireGuard.fields
                fields[name] = nil
                #expect(Builders.error {
                    _ = try WireGuardBuilder().build(Builders.input(kind: "wireguard", fields: fields))
                } == .missingField(name))
            }
        }
    }
}
