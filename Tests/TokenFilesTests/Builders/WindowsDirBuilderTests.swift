import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct WindowsDir {
        let input = Builders.input(kind: "windows-dir")

        @Test("Zip of My Documents/ (sys dir) and desktop.ini (hid sys arc) with matching CRCs")
        func entries() throws {
            let file = try WindowsDirBuilder().build(input)
            #expect(file.name == "k3jf9sl2m4n5b6v7c8x9z0q1w.zip")
            #expect(file.contentType == "application/zip")
            let zip = ZipWalk(file.bytes)
            #expect(zip.problems == [])
            #expect(zip.items.map(\.name) == ["My Documents/", "My Documents/desktop.ini"])
            try #require(zip.items.count == 2)
            let folder = zip.items[0]
            let ini = zip.items[1]
            #expect(folder.data.isEmpty)
            #expect(folder.externalAttributes == 0x14)
            #expect(ini.externalAttributes == 0x26)
            #expect(folder.madeBy >> 8 == 0 && ini.madeBy >> 8 == 0)  // host MS-DOS: low byte = DOS attributes
            #expect(folder.method == 0 && ini.method == 0)
            #expect(ini.crc == Int(CRC32.checksum(ini.data)))
            #expect(folder.crc == 0)
            #expect(folder.offset == 0)
        }

        @Test("desktop.ini is BOM + UTF-16LE of the IconResource UNC path on the token host")
        func desktopINI() throws {
            let zip = ZipWalk(try WindowsDirBuilder().build(input).bytes)
            #expect(zip.problems == [])
            let data = try #require(zip.data("My Documents/desktop.ini"))
            #expect(data.prefix(2).elementsEqual([0xFF, 0xFE]))
            let units = stride(from: 2, to: data.count, by: 2).map { UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8 }
            let text = String(decoding: units, as: UTF16.self)
            #expect(text == "\r\n[.ShellClassInfo]\r\nIconResource=\\\\%USERNAME%.%COMPUTERNAME%.%USERDOMAIN%.INI."
                + "k3jf9sl2m4n5b6v7c8x9z0q1w.a9534a2b80e6.o3n.io\\resource.dll\r\n")
            #expect(data.count == 2 + 2 * (94 + input.hostname.count))
        }

        @Test("desktop.ini size is 2 + 2 × (94 + host length); 280 for 45", arguments: [45, 10, 63])
        func sizeFormula(length: Int) {
            let host = String(repeating: "h", count: length)
            #expect(WindowsDirBuilder.desktopINI(hostname: host).count == 2 + 2 * (94 + length))
            if length == 45 { #expect(WindowsDirBuilder.desktopINI(hostname: host).count == 280) }
        }
    }
}
