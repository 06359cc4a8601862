/// Decoder for query strings and `application/x-www-form-urlencoded` bodies, following the WHATWG URL Standard
/// §5.1 (application/x-www-form-urlencoded parsing), but strict where that standard is lenient.
///
/// Our own decoder because `URLComponents.queryItems` on Linux leaves `+` as `+` and, after one invalid `%`
/// escape, leaves every value undecoded. Here a bad escape is an error and nothing is decoded half-way.
package enum URLEncodedForm {
    /// Decodes `bytes` and appends its fields to `fields`.
    ///
    /// - Parameters:
    ///   - bytes: the query string (without `?`) or the body.
    ///   - fields: the fields so far; the count limit covers them too, so query and body share one budget.
    ///   - maxCount: the most fields `fields` may hold afterwards (`HTTPLimits.maxParameters`).
    /// - Throws: `.badPercentEscape` for `%` without two hex digits, `.invalidUTF8` for a name or value that does
    ///   not decode to UTF-8, `.tooManyParameters` past `maxCount`.
    package static func decode(
        _ bytes: ArraySlice<UInt8>, into fields: inout [HTTPParameters.Field], maxCount: Int
    ) throws(ParameterError) {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            // WHATWG URL §5.1 step 2-3: split on `&`, skip empty sequences.
            let end = bytes[start...].firstIndex(of: ampersand) ?? bytes.endIndex
            defer { start = end < bytes.endIndex ? end + 1 : end }
            guard end > start else { continue }
            let segment = bytes[start..<end]
            guard fields.count < maxCount else { throw .tooManyParameters }
            // Split at the first `=`; a bare name has the value "".
            let name: String
            let value: String
            if let equals = segment.firstIndex(of: equalsSign) {
                name = try decodeComponent(segment[..<equals], fieldName: nil)
                value = try decodeComponent(segment[(equals + 1)...], fieldName: name)
            } else {
                name = try decodeComponent(segment, fieldName: nil)
                value = ""
            }
            fields.append(HTTPParameters.Field(name: name, value: value))
        }
    }

    /// Decodes a whole query string or body into a new list of fields.
    /// - Throws: as `decode(_:into:maxCount:)`.
    package static func decode(
        _ text: String, maxCount: Int = HTTPLimits.default.maxParameters
    ) throws(ParameterError) -> [HTTPParameters.Field] {
        var fields: [HTTPParameters.Field] = []
        try decode(Array(text.utf8)[...], into: &fields, maxCount: maxCount)
        return fields
    }

    /// Decodes one name or value: `+` is a space (unless `plusAsSpace` is false, as in RFC 3986 text), `%XX` a
    /// byte; the result must be UTF-8. `fieldName` is the already decoded name when decoding a value, for the error.
    static func decodeComponent(
        _ raw: ArraySlice<UInt8>, fieldName: String?, plusAsSpace: Bool = true
    ) throws(ParameterError) -> String {
        // Fast path: nothing to decode, only validate.
        guard raw.contains(where: { $0 == percent || ($0 == plus && plusAsSpace) }) else {
            return try utf8String(raw, fieldName: fieldName)
        }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            if byte == plus, plusAsSpace {
                out.append(space)
                i += 1
            } else if byte == percent {
                // Strict where WHATWG is lenient: a `%` must start `%XX` with two hex digits of either case.
                guard raw.endIndex - i >= 3, let high = hexValue(raw[i + 1]), let low = hexValue(raw[i + 2]) else {
                    throw .badPercentEscape
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return try utf8String(out[...], fieldName: fieldName)
    }

    /// The bytes as a String, or `.invalidUTF8`; never a lossy replacement with U+FFFD.
    static func utf8String(_ bytes: ArraySlice<UInt8>, fieldName: String?) throws(ParameterError) -> String {
        // The stdlib validator rejects overlong forms, surrogates and code points past U+10FFFF (RFC 3629 §3).
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(name: fieldName) }
        return text
    }

    /// The value of one hex digit, either case, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let ampersand = UInt8(ascii: "&")
    private static let equalsSign = UInt8(ascii: "=")
    private static let percent = UInt8(ascii: "%")
    private static let plus = UInt8(ascii: "+")
    private static let space = UInt8(ascii: " ")
}
