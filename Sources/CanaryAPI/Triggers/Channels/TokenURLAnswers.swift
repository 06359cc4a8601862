import Basics
import MiniHTTP

/// What the token server answers on a token's URL (docs/triggers.md, HTTP channel): the pixel, a redirect, a page
/// that redirects, the stored image. Every answer carries `Cache-Control: no-store, no-cache`, so a client that
/// opens the URL again asks again (and triggers again).
package enum TokenURLAnswers {
    /// The 43-byte 1×1 transparent GIF89a: one-colour table, a graphic control extension marking index 0
    /// transparent, one pixel (https://www.w3.org/Graphics/GIF/spec-gif89a.txt).
    package static let gifBytes: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    /// The `Cache-Control` value of every answer.
    package static let cacheControl = "no-store, no-cache"

    /// The pixel: 200, `image/gif`.
    package static let gif = HTTPResponse(
        status: .ok, headers: HTTPHeaders([("Content-Type", "image/gif"), ("Cache-Control", cacheControl)]),
        body: gifBytes)

    /// `fast-redirect`: 302 to the URL, with no body.
    package static func redirect(to url: String) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(code: 302),
            headers: HTTPHeaders([("Location", headerSafe(url)), ("Cache-Control", cacheControl)]))
    }

    /// `slow-redirect`: 200 with an HTML page that sends the browser on by a meta refresh and by script (the
    /// Console's page runs script before it redirects; this one only redirects).
    package static func slowRedirect(to url: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", cacheControl)]),
            body: Array(slowRedirectPage(url).utf8))
    }

    /// The page of `slowRedirect(to:)`: the URL escaped for an HTML attribute and for a JavaScript string.
    package static func slowRedirectPage(_ url: String) -> String {
        let html = htmlEscaped(url)
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta http-equiv="refresh" content="1;url=\(html)">\
            <title>Redirecting</title></head>
            <body><script>window.location.replace("\(jsEscaped(url))");</script>\
            <noscript><a href="\(html)">Continue</a></noscript></body></html>

            """
    }

    /// `web-image`: the stored image with its type, readable by any page (the token server sends
    /// `Access-Control-Allow-Origin: *`, docs/triggers.md).
    package static func image(_ bytes: [UInt8], contentType: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: HTTPHeaders([
                ("Content-Type", contentType), ("Cache-Control", cacheControl), ("Access-Control-Allow-Origin", "*"),
            ]),
            body: bytes)
    }

    // MARK: - Escaping

    /// The URL with `& < > " '` as character references (https://html.spec.whatwg.org/#escapingString).
    package static func htmlEscaped(_ text: String) -> String { Markup.escaped(text, apostrophe: "&#39;") }

    /// The text for a double-quoted JavaScript string inside a `<script>` element: backslash, quotes, `<`, `>`,
    /// `&`, controls and the line separators U+2028/U+2029 as `\uXXXX`, so nothing can end the string or the
    /// element (https://html.spec.whatwg.org/#restrictions-for-contents-of-script-elements).
    package static func jsEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00..<0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5C, 0x7F, 0x2028, 0x2029:
                out += "\\u" + hex4(scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The URL with controls, spaces and non-ASCII bytes percent-encoded, so a stored URL can never break the
    /// header block (RFC 9110 §5.5: no CR, LF or NUL in a field value).
    package static func headerSafe(_ url: String) -> String {
        guard url.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) else { return url }
        var out: [UInt8] = []
        out.reserveCapacity(url.utf8.count + 8)
        for byte in url.utf8 {
            if byte <= 0x20 || byte >= 0x7F {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Uppercase hex digits, as RFC 3986 §2.1 recommends for percent-encoding.
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Four lowercase hex digits of a BMP code point.
    private static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef".utf8)
        let bytes = [12, 8, 4, 0].map { digits[Int((value >> UInt32($0)) & 0xF)] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
