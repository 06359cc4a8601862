/// sensitive-cmd: `<token>.reg`, a registry file that makes Windows report when a chosen program exits.
///
/// Same keys and command as the OSS `msreg.py`: Image File Execution Options `GlobalFlag=0x200`
/// (FLG_MONITOR_SILENT_PROCESS_EXIT) and SilentProcessExit `ReportingMode=1` with a `MonitorProcess` that resolves
/// `<computer>.UN.<user>.CMD.<hostname>`. Plain text with LF line ends, as the OSS serves it.
package struct SensitiveCommandBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// The .reg file for that token.
    /// - Throws: `.missingField("process_name")` when no usable process name is stored.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        let text = try SensitiveCommandBuilder.registryFile(input)
        return TokenDownload(name: "\(input.token).reg", contentType: "text/plain", bytes: Array(text.utf8))
    }

    /// The .reg text.
    package static func registryFile(_ input: TokenFileInput) throws(TokenFileError) -> String {
        guard let requested = input.fields["process_name"] else { throw .missingField("process_name") }
        let process = processName(requested)
        guard !process.isEmpty else { throw .missingField("process_name") }
        let options = #"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion"#
        return """
            Windows Registry Editor Version 5.00
            ; Sensitive command Canarytoken
            ; Import it with administrator rights on the Windows host: reg import FILENAME

            ; the program to watch
            [\(options)\\Image File Execution Options\\\(process)]
            "GlobalFlag"=dword:00000200

            ; what Windows runs when that program exits: a DNS lookup of the token host name
            [\(options)\\SilentProcessExit\\\(process)]
            "ReportingMode"=dword:00000001
            "MonitorProcess"=\(registryString(monitorCommand(hostname: input.hostname)))

            """
    }

    /// The command Windows runs: PowerShell resolves `c<computer>.UN.u<user>.CMD.<hostname>`, with the user name
    /// cut to 64 characters of `[a-zA-Z0-9-]` and the computer name stripped of non-ASCII and spaces.
    package static func monitorCommand(hostname: String) -> String {
        #"cmd.exe /c start /min powershell.exe -windowstyle hidden -command "$($u=$(\"u$env:username\" "#
            + #"-replace('[^a-zA-Z0-9\-]+', ''))[0..63] -join '';$c=$(\"c$env:computername\" "#
            + #"-replace('[^\x00-\x7f]|\s', ''));Resolve-DnsName -Name \"$c.UN.$u.CMD."# + hostname + #"\")""#
    }

    /// A .reg string value: quoted, with `\` and `"` escaped by a backslash.
    package static func registryString(_ value: String) -> String {
        var out = "\""
        for character in value {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// The key name to watch: the last path component, `.exe` appended unless it ends so (the OSS appends it when
    /// `.exe` occurs nowhere), and characters a registry key path cannot hold (`\`, `[`, `]`, controls) dropped.
    static func processName(_ requested: String) -> String {
        let last = requested.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.filter { character in
            !(character == "[" || character == "]" || character == "\"" || character.isNewline
                || character.unicodeScalars.contains { $0.value < 0x20 })
        }).trimmingSpaces()
        guard !cleaned.isEmpty else { return "" }
        return cleaned.lowercased().hasSuffix(".exe") ? cleaned : cleaned + ".exe"
    }
}

extension String {
    /// Without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
