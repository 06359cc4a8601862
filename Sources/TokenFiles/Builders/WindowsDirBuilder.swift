/// windows-dir: `<token>.zip` holding `My Documents/` and its `desktop.ini`, as the OSS `ziplib.py` makes it.
///
/// Explorer expands the variables in `IconResource` and resolves the UNC host
/// `<user>.<computer>.<domain>.INI.<hostname>` when the folder is browsed (docs/token-files.md §6). The entries are
/// stored, not deflated; the DOS attributes match the OSS (folder SYSTEM|DIRECTORY, file ARCHIVE|SYSTEM|HIDDEN).
package struct WindowsDirBuilder: TokenFileBuilder {
    /// The folder entry's name.
    package static let folder = "My Documents/"
    /// The desktop.ini entry's name.
    package static let iniPath = "My Documents/desktop.ini"

    /// Makes a builder.
    package init() {}

    /// The zip for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        var zip = ZipWriter(modified: input.created)
        zip.addDirectory(WindowsDirBuilder.folder, attributes: [.system, .directory])
        zip.addFile(WindowsDirBuilder.iniPath, WindowsDirBuilder.desktopINI(hostname: input.hostname),
                    attributes: [.archive, .system, .hidden])
        return TokenDownload(name: "\(input.token).zip", contentType: "application/zip", bytes: zip.finish())
    }

    /// The desktop.ini text before encoding.
    package static func desktopINIText(hostname: String) -> String {
        "\r\n[.ShellClassInfo]\r\nIconResource=\\\\%USERNAME%.%COMPUTERNAME%.%USERDOMAIN%.INI.\(hostname)\\resource.dll\r\n"
    }

    /// desktop.ini bytes: Python's `.encode("utf-16")` on little-endian hosts, i.e. BOM `FF FE` then UTF-16LE.
    package static func desktopINI(hostname: String) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xFE]
        for unit in desktopINIText(hostname: hostname).utf16 { out.appendLE16(unit) }
        return out
    }
}
