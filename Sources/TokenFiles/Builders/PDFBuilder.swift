import Basics

/// pdf-acrobat-reader: `<token>.pdf`, a one-page PDF whose page-open action is a URI on the token host name.
///
/// The OSS server patches a linearized Acrobat template (`pdfgen.py`); this writes an uncompressed PDF 1.4 by hand
/// instead (docs/token-files.md §5): catalog, pages, a page with `/AA << /O … >>` pointing at
/// `<< /S /URI /URI (http://<hostname>/<letters>) >>`, a Helvetica text line, and an xref table with exact offsets.
/// Acrobat resolves the URI's host when the page opens, which is the DNS trigger.
package struct PDFBuilder: TokenFileBuilder {
    /// The line of text shown on the page.
    package static let pageText = "Confidential: quarterly figures. Do not distribute."

    /// Makes a builder.
    package init() {}

    /// The PDF for that token.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        TokenDownload(name: "\(input.token).pdf", contentType: "application/pdf", bytes: PDFBuilder.document(
            uri: "http://\(input.hostname)/\(PDFBuilder.randomLetters(12))"
        ))
    }

    /// The whole file for that action URI.
    package static func document(uri: String) -> [UInt8] {
        let content = "BT\n/F1 12 Tf\n72 720 Td\n\(literal(pageText)) Tj\nET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
                + "/Contents 6 0 R /AA << /O 4 0 R >> >>",
            "<< /S /URI /URI \(literal(uri)) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
        ]
        // ISO 32000-1 §7.5.2: a comment line of four bytes above 127 right after the header marks the file as binary.
        var out: [UInt8] = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.count)
            out.append(contentsOf: Array("\(index + 1) 0 obj\n\(body)\nendobj\n".utf8))
        }
        let xrefStart = out.count
        // §7.5.4: every entry is exactly 20 bytes, ending in a two-byte end of line (here CR LF).
        var xref = "xref\n0 \(objects.count + 1)\n0000000000 65535 f\r\n"
        for offset in offsets { xref += "\(tenDigits(offset)) 00000 n\r\n" }
        xref += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xrefStart)\n%%EOF\n"
        out.append(contentsOf: Array(xref.utf8))
        return out
    }

    /// A PDF literal string (ISO 32000-1 §7.3.4.2): backslash, parentheses and line breaks escaped.
    package static func literal(_ text: String) -> String {
        var out = "("
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "(": out += "\\("
            case ")": out += "\\)"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + ")"
    }

    /// An xref offset: ten decimal digits, zero-padded.
    static func tenDigits(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: Swift.max(0, 10 - text.count)) + text
    }

    /// Random capitals A–Y, as the OSS appends to the URI path so each file's URI differs.
    static func randomLetters(_ count: Int) -> String {
        SecureRandom.string(count, from: Array("ABCDEFGHIJKLMNOPQRSTUVWXY".utf8))
    }
}
