import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct PDF {
        let input = Builders.input(kind: "pdf-acrobat-reader")

        /// The number written after `label` (digits up to the next non-digit).
        func number(after label: String, in bytes: [UInt8], from: Int = 0) -> Int? {
            guard let start = Builders.find(Builders.ascii(label), in: bytes, from: from) else { return nil }
            let digits = bytes[(start + label.utf8.count)...].prefix { (0x30...0x39).contains($0) }
            return Int(String(decoding: digits, as: UTF8.self))
        }

        @Test("Names the file <token>.pdf with application/pdf")
        func nameAndType() throws {
            let file = try PDFBuilder().build(input)
            #expect(file.name == "k3jf9sl2m4n5b6v7c8x9z0q1w.pdf")
            #expect(file.contentType == "application/pdf")
            #expect(file.bytes.starts(with: Builders.ascii("%PDF-1.4\n%")))
            #expect(file.bytes.suffix(6).elementsEqual(Builders.ascii("%%EOF\n")))
        }

        @Test("startxref points at xref and every 20-byte xref entry points at its object")
        func xrefOffsets() throws {
            let bytes = try PDFBuilder().build(input).bytes
            let startxrefAt = try #require(Builders.find(Builders.ascii("startxref\n"), in: bytes))
            let xrefAt = try #require(number(after: "startxref\n", in: bytes, from: startxrefAt))
            #expect(bytes[xrefAt...].starts(with: Builders.ascii("xref\n0 7\n")))
            let firstEntry = xrefAt + "xref\n0 7\n".utf8.count
            #expect(bytes[firstEntry..<(firstEntry + 20)].elementsEqual(Builders.ascii("0000000000 65535 f\r\n")))
            for object in 1...6 {
                let entry = Array(bytes[(firstEntry + 20 * object)..<(firstEntry + 20 * object + 20)])
                #expect(entry[10...].elementsEqual(Builders.ascii(" 00000 n\r\n")))
                let offset = try #require(Int(String(decoding: entry[0..<10], as: UTF8.self)))
                #expect(bytes[offset...].starts(with: Builders.ascii("\(object) 0 obj\n")), "object \(object)")
            }
            #expect(bytes[(firstEntry + 140)...].starts(with: Builders.ascii("trailer\n<< /Size 7 /Root 1 0 R >>\n")))
        }

        @Test("The page's open action is a URI on the token host name")
        func openActionURI() throws {
            let bytes = try PDFBuilder().build(input).bytes
            let page = try #require(Builders.find(Builders.ascii("3 0 obj\n"), in: bytes))
            #expect(Builders.find(Builders.ascii("/AA << /O 4 0 R >>"), in: bytes, from: page) != nil)
            let action = try #require(Builders.find(Builders.ascii("4 0 obj\n<< /S /URI /URI ("), in: bytes))
            let start = action + "4 0 obj\n<< /S /URI /URI (".utf8.count
            let end = try #require(Builders.find(Builders.ascii(") >>\nendobj"), in: bytes, from: start))
            let uri = String(decoding: bytes[start..<end], as: UTF8.self)
            let prefix = "http://k3jf9sl2m4n5b6v7c8x9z0q1w.a9534a2b80e6.o3n.io/"
            #expect(uri.hasPrefix(prefix))
            let path = uri.dropFirst(prefix.count)
            #expect(path.count == 12)
            #expect(path.allSatisfy { ("A"..."Y").contains($0) })
        }

        @Test("The content stream's /Length is its byte count and holds the text in Helvetica")
        func contentStream() throws {
            let bytes = try PDFBuilder().build(input).bytes
            let object = try #require(Builders.find(Builders.ascii("6 0 obj\n"), in: bytes))
            let length = try #require(number(after: "/Length ", in: bytes, from: object))
            let streamStart = try #require(Builders.find(Builders.ascii("stream\n"), in: bytes, from: object)) + 7
            #expect(bytes[(streamStart + length)...].starts(with: Builders.ascii("endstream\nendobj\n")))
            let content = String(decoding: bytes[streamStart..<(streamStart + length)], as: UTF8.self)
            #expect(content == "BT\n/F1 12 Tf\n72 720 Td\n(\(PDFBuilder.pageText)) Tj\nET\n")
            #expect(Builders.find(Builders.ascii("/BaseFont /Helvetica"), in: bytes) != nil)
        }

        @Test("Literal strings escape backslash, parentheses and line breaks")
        func literalEscaping() {
            #expect(PDFBuilder.literal(#"a(b)c\d"#) == #"(a\(b\)c\\d)"#)
            #expect(PDFBuilder.literal("x\r\ny") == #"(x\r\ny)"#)
            let bytes = PDFBuilder.document(uri: "http://h/(x)")
            #expect(Builders.find(Builders.ascii(#"/URI (http://h/\(x\)) >>"#), in: bytes) != nil)
        }
    }
}
