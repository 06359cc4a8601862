import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct SensitiveCommand {
        let input = Builders.input(kind: "sensitive-cmd", fields: ["process_name": "klist.exe"])

        /// A .reg string value back to its text: `\x` becomes `x`.
        func unescape(_ quoted: Substring) -> String {
            var out = ""
            var escaped = false
            for character in quoted.dropFirst().dropLast() {
                if escaped || character != "\\" {
                    out.append(character)
                    escaped = false
                } else {
                    escaped = true
                }
            }
            return out
        }

        @Test("The .reg file is the exact expected text")
        func exactText() throws {
            let file = try SensitiveCommandBuilder().build(input)
            #expect(file.name == "k3jf9sl2m4n5b6v7c8x9z0q1w.reg")
            #expect(file.contentType == "text/plain")
            let expected = #"""
                Windows Registry Editor Version 5.00
                ; Sensitive command Canarytoken
                ; Import it with administrator rights on the Windows host: reg import FILENAME

                ; the program to watch
                [HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\klist.exe]
                "GlobalFlag"=dword:00000200

                ; what Windows runs when that program exits: a DNS lookup of the token host name
                [HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SilentProcessExit\klist.exe]
                "ReportingMode"=dword:00000001
                "MonitorProcess"="cmd.exe /c start /min powershell.exe -windowstyle hidden -command \"$($u=$(\\\"u$env:username\\\" -replace('[^a-zA-Z0-9\\-]+', ''))[0..63] -join '';$c=$(\\\"c$env:computername\\\" -replace('[^\\x00-\\x7f]|\\s', ''));Resolve-DnsName -Name \\\"$c.UN.$u.CMD.k3jf9sl2m4n5b6v7c8x9z0q1w.a9534a2b80e6.o3n.io\\\")\""

                """#
            #expect(String(decoding: file.bytes, as: UTF8.self) == expected)
            #expect(file.bytes.allSatisfy { $0 < 0x80 })  // plain ASCII, no BOM
        }

        @Test("MonitorProcess unescapes to the PowerShell command resolving <computer>.UN.<user>.CMD.<hostname>")
        func monitorProcessValue() throws {
            let text = String(decoding: try SensitiveCommandBuilder().build(input).bytes, as: UTF8.self)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("\"MonitorProcess\"=") })
            let value = unescape(line.dropFirst("\"MonitorProcess\"=".count))
            #expect(value == SensitiveCommandBuilder.monitorCommand(hostname: input.hostname))
            #expect(value.hasPrefix(#"cmd.exe /c start /min powershell.exe -windowstyle hidden -command "$($u=$(\"u$env:username\""#))
            #expect(value.hasSuffix(#"Resolve-DnsName -Name \"$c.UN.$u.CMD.k3jf9sl2m4n5b6v7c8x9z0q1w.a9534a2b80e6.o3n.io\")""#))
        }

        @Test("Process names get .exe and lose paths and key-breaking characters", arguments: [
            ("klist", "klist.exe"), ("klist.exe", "klist.exe"), ("KLIST.EXE", "KLIST.EXE"),
            (#"C:\Windows\System32\whoami.exe"#, "whoami.exe"), ("net[1]", "net1.exe"), (" calc ", "calc.exe"),
        ])
        func processNames(requested: String, expected: String) {
            #expect(SensitiveCommandBuilder.processName(requested) == expected)
        }

        @Test("No usable process name is a missing field")
        func missing() {
            for fields in [[:], ["process_name": ""], ["process_name": "   "], ["process_name": "[]"], ["process_name": #"\"#]] {
                #expect(Builders.error {
                    _ = try SensitiveCommandBuilder().build(Builders.input(kind: "sensitive-cmd", fields: fields))
                } == .missingField("process_name"))
            }
        }
    }
}
