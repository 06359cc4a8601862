/// Decoder for `multipart/form-data` bodies (RFC 7578, with the framing of RFC 2046 §5.1.1).
///
/// Lenient about layout, where real clients differ: CRLF or bare LF line ends (PowerShell scripts saved with LF
/// build bodies that way), a preamble, transport padding after a delimiter, an epilogue, loose parameter syntax in
/// part headers. Strict about limits: boundary length, part count and part header size.
package enum MultipartForm {
    /// The boundary named by a `multipart/form-data` Content-Type value, as bytes.
    ///
    /// The `boundary` parameter may be quoted or not, its name in any case, with spaces around `=` and a trailing
    /// `;` (docs/api.md §1).
    /// - Throws: `.missingBoundary` without the parameter; `.badBoundary` when it is empty or holds control
    ///   characters; `.boundaryTooLong` past `limits.maxMultipartBoundaryLength` (RFC 2046 §5.1.1: 1 to 70).
    package static func boundary(contentType: String, limits: HTTPLimits = .default) throws(ParameterError) -> [UInt8] {
        let header = Array(contentType.utf8)
        let parsed = HeaderValue(header[...])
        guard let boundary = parsed.parameter(Self.boundaryName) else { throw .missingBoundary }
        guard !boundary.isEmpty else { throw .badBoundary }
        guard boundary.count <= limits.maxMultipartBoundaryLength else { throw .boundaryTooLong }
        // RFC 2046 §5.1.1 bchars are printable ASCII; we only refuse what would break line-based framing
        // (control characters, CR and LF above all), so odd but harmless boundaries still work.
        guard !boundary.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { throw .badBoundary }
        return boundary
    }

    /// Decodes a body framed by `boundary` into text fields and file parts, in order.
    ///
    /// - Throws: `.truncatedMultipart` without a close delimiter, `.malformedMultipart` for an unreadable part,
    ///   `.tooManyParts`, `.partHeadersTooLarge`, `.invalidUTF8` for a name, file name or text value.
    package static func decode(
        _ body: ArraySlice<UInt8>, boundary: [UInt8], limits: HTTPLimits = .default
    ) throws(ParameterError) -> HTTPParameters {
        let reader = Reader(body: body, dashBoundary: [hyphen, hyphen] + boundary, limits: limits)
        return try reader.read()
    }

    /// Decodes a body with the boundary taken from its Content-Type value.
    /// - Throws: as `boundary(contentType:limits:)` and `decode(_:boundary:limits:)`.
    package static func decode(
        _ body: [UInt8], contentType: String, limits: HTTPLimits = .default
    ) throws(ParameterError) -> HTTPParameters {
        try decode(body[...], boundary: boundary(contentType: contentType, limits: limits), limits: limits)
    }

    static let boundaryName = Array("boundary".utf8)
    static let hyphen = UInt8(ascii: "-")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let colon = UInt8(ascii: ":")

    /// Whether the byte is transport padding or header whitespace (RFC 2046 §5.1.1 LWSP: SP / HTAB).
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The slice without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// ASCII-lowercased copy of the bytes; header and parameter names compare case-insensitively.
    static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map(HTTPHeaders.asciiLower)
    }
}

// MARK: - Body framing

extension MultipartForm {
    /// What follows a delimiter.
    private enum Delimiter {
        /// A part starting at this index.
        case part(Int)
        /// The close delimiter: the rest is epilogue.
        case close
    }

    /// One pass over one body. Indices are the parent array's, as the slice keeps them.
    private struct Reader {
        let body: ArraySlice<UInt8>
        /// `--` followed by the boundary.
        let dashBoundary: [UInt8]
        let limits: HTTPLimits

        func read() throws(ParameterError) -> HTTPParameters {
            var result = HTTPParameters()
            var partCount = 0
            // RFC 2046 §5.1.1: anything before the first delimiter is preamble and ignored.
            var (_, next) = try nextDelimiter(from: body.startIndex)
            while case .part(let partStart) = next {
                partCount += 1
                guard partCount <= limits.maxMultipartParts else { throw .tooManyParts }
                let (headers, contentStart) = try readHeaders(from: partStart)
                let (found, following) = try nextDelimiter(from: contentStart)
                // The (CR)LF before a delimiter belongs to the delimiter, not the content, so content that itself
                // ends in CRLF keeps it. With found == contentStart the part is empty and the LF that ended the
                // header block is shared (lenient: strictly an empty part needs one more line end).
                var contentEnd = found
                if contentEnd > contentStart {
                    contentEnd -= 1
                    if contentEnd > contentStart, body[contentEnd - 1] == cr { contentEnd -= 1 }
                }
                try append(headers: headers, content: body[contentStart..<contentEnd], to: &result)
                next = following
            }
            // Bytes after the close delimiter are epilogue and ignored.
            return result
        }

        /// Finds the next delimiter at or after `from`: `--boundary` at the start of the body or right after an LF,
        /// followed by `--` (close) or by padding and a line end. Returns where `--boundary` starts.
        func nextDelimiter(from: Int) throws(ParameterError) -> (Int, Delimiter) {
            var candidate = from
            while let start = delimiterStart(from: candidate) {
                var p = start + dashBoundary.count
                if body.endIndex - p >= 2, body[p] == hyphen, body[p + 1] == hyphen { return (start, .close) }
                // RFC 2046 §5.1.1: transport padding (LWSP) may follow a delimiter before its CRLF.
                while p < body.endIndex, isBlank(body[p]) { p += 1 }
                if p < body.endIndex, body[p] == cr { p += 1 }
                if p < body.endIndex, body[p] == lf { return (start, .part(p + 1)) }
                // The body ended inside what may be the last delimiter.
                if p >= body.endIndex { break }
                // `--boundary` followed by other bytes is not a delimiter (RFC 2046 §5.1.1 forbids the boundary
                // inside content, but a longer lookalike may appear); keep it as content and search on.
                candidate = start + 1
            }
            throw .truncatedMultipart
        }

        /// The first index at or after `from` where `--boundary` starts a line.
        ///
        /// Scans for LF and compares only after one. The pattern holds no LF (the boundary has no control
        /// characters), so a comparison never passes the next LF and the whole search is linear in the body.
        func delimiterStart(from: Int) -> Int? {
            var position = from
            if position == body.startIndex || (position <= body.endIndex && body[position - 1] == lf) {
                if matchesDashBoundary(at: position) { return position }
            }
            while position < body.endIndex, let newline = body[position...].firstIndex(of: lf) {
                position = newline + 1
                if matchesDashBoundary(at: position) { return position }
            }
            return nil
        }

        func matchesDashBoundary(at position: Int) -> Bool {
            guard body.endIndex - position >= dashBoundary.count else { return false }
            return body[position..<(position + dashBoundary.count)].elementsEqual(dashBoundary)
        }

        /// Reads the header lines of a part up to the blank line. Returns the headers and where content starts.
        ///
        /// The block (header lines with their line ends, the blank line not counted) may be at most
        /// `limits.maxMultipartPartHeaderBytes`; the search for line ends stops there so an endless header
        /// line costs no more than the limit.
        func readHeaders(from partStart: Int) throws(ParameterError) -> ([Header], Int) {
            let limit = limits.maxMultipartPartHeaderBytes
            // Room for a blank line (CRLF) right after a block of exactly `limit` bytes.
            // Written so a huge configured limit cannot overflow.
            let available = body.endIndex - partStart
            let windowEnd = partStart + (available - 2 < limit ? available : limit + 2)
            var headers: [Header] = []
            var lineStart = partStart
            while true {
                guard let newline = body[lineStart..<windowEnd].firstIndex(of: lf) else {
                    if windowEnd < body.endIndex { throw .partHeadersTooLarge }
                    throw .truncatedMultipart
                }
                var lineEnd = newline
                if lineEnd > lineStart, body[lineEnd - 1] == cr { lineEnd -= 1 }
                if lineEnd == lineStart { return (headers, newline + 1) }
                guard newline + 1 - partStart <= limit else { throw .partHeadersTooLarge }
                let line = body[lineStart..<lineEnd]
                guard let colonIndex = line.firstIndex(of: colon) else {
                    throw .malformedMultipart(reason: "part header line without a colon")
                }
                headers.append(
                    Header(name: lowercased(trimmed(line[..<colonIndex])), value: trimmed(line[(colonIndex + 1)...])))
                lineStart = newline + 1
            }
        }

        /// Turns one part into a field or a file (RFC 7578 §4.2: a `filename` parameter marks a file).
        func append(headers: [Header], content: ArraySlice<UInt8>, to result: inout HTTPParameters)
            throws(ParameterError)
        {
            guard let disposition = headers.first(where: { $0.name == contentDispositionName }) else {
                throw .malformedMultipart(reason: "part without Content-Disposition")
            }
            let parsed = HeaderValue(disposition.value)
            guard lowercased(parsed.type) == formDataName else {
                throw .malformedMultipart(reason: "part disposition is not form-data")
            }
            guard let rawName = parsed.parameter(nameName) else {
                throw .malformedMultipart(reason: "part without a name")
            }
            let name = try URLEncodedForm.utf8String(rawName[...], fieldName: nil)
            if let filename = try filename(of: parsed, fieldName: name) {
                var contentType: String?
                if let header = headers.first(where: { $0.name == contentTypeName }) {
                    contentType = try URLEncodedForm.utf8String(header.value, fieldName: name)
                }
                result.files.append(
                    HTTPParameters.File(name: name, filename: filename, contentType: contentType, bytes: Array(content))
                )
            } else {
                let value = try URLEncodedForm.utf8String(content, fieldName: name)
                result.fields.append(HTTPParameters.Field(name: name, value: value))
            }
        }
    }

    /// The part's file name, or `nil` for a text field. RFC 7578 §4.2 asks senders for `filename` only, but
    /// urllib3 before 1.25 (under `requests`) sent non-ASCII names as RFC 5987 `filename*=utf-8''caf%C3%A9`;
    /// either parameter marks a file, and `filename*` wins when both are present (RFC 6266 §4.3).
    private static func filename(of disposition: HeaderValue, fieldName: String) throws(ParameterError) -> String? {
        if let extended = disposition.parameter(extendedFilenameName) {
            // ext-value = charset "'" [ language ] "'" value-chars (RFC 5987 §3.2.1); only UTF-8 is read, and a
            // value without the two quotes is taken as plain text.
            let quote = UInt8(ascii: "'")
            let parts = extended.split(separator: quote, maxSplits: 2, omittingEmptySubsequences: false)
            let encoded = parts.count == 3 ? parts[2] : extended[...]
            return try URLEncodedForm.decodeComponent(encoded, fieldName: fieldName, plusAsSpace: false)
        }
        guard let plain = disposition.parameter(filenameName) else { return nil }
        return try URLEncodedForm.utf8String(plain[...], fieldName: fieldName)
    }

    /// One part header line: the name lowercased, the value trimmed.
    private struct Header {
        var name: [UInt8]
        var value: ArraySlice<UInt8>
    }

    private static let contentDispositionName = Array("content-disposition".utf8)
    private static let contentTypeName = Array("content-type".utf8)
    private static let formDataName = Array("form-data".utf8)
    private static let nameName = Array("name".utf8)
    private static let filenameName = Array("filename".utf8)
    private static let extendedFilenameName = Array("filename*".utf8)
}

// MARK: - Header values with parameters

extension MultipartForm {
    /// A header value of the form `type; name=value; name="quoted value"` (RFC 9110 §5.6.6, RFC 2183), read
    /// leniently: spaces around `=`, empty and trailing `;`, any parameter order, names in any case.
    struct HeaderValue {
        /// The part before the first `;`, trimmed.
        var type: ArraySlice<UInt8>
        /// The parameters in order, names lowercased, values unquoted.
        var parameters: [(name: [UInt8], value: [UInt8])] = []

        init(_ value: ArraySlice<UInt8>) {
            let semicolon = UInt8(ascii: ";")
            let equals = UInt8(ascii: "=")
            let quote = UInt8(ascii: "\"")
            let backslash = UInt8(ascii: "\\")
            var i = value.firstIndex(of: semicolon) ?? value.endIndex
            type = MultipartForm.trimmed(value[value.startIndex..<i])
            while i < value.endIndex {
                if value[i] == semicolon || MultipartForm.isBlank(value[i]) {
                    i += 1
                    continue
                }
                let nameStart = i
                while i < value.endIndex, value[i] != equals, value[i] != semicolon { i += 1 }
                let name = MultipartForm.lowercased(MultipartForm.trimmed(value[nameStart..<i]))
                // A bare token without `=` carries nothing we use.
                guard i < value.endIndex, value[i] == equals else { continue }
                i += 1
                while i < value.endIndex, MultipartForm.isBlank(value[i]) { i += 1 }
                var parameterValue: [UInt8] = []
                if i < value.endIndex, value[i] == quote {
                    i += 1
                    while i < value.endIndex, value[i] != quote {
                        // RFC 9110 §5.6.4 quoted-pair, honoured only for `\"` and `\\`: old browsers send Windows
                        // paths (`C:\dir\file.png`) unescaped in `filename`, and those backslashes must survive.
                        if value[i] == backslash, i + 1 < value.endIndex,
                            value[i + 1] == quote || value[i + 1] == backslash
                        {
                            i += 1
                        }
                        parameterValue.append(value[i])
                        i += 1
                    }
                    // Skip the closing quote and anything up to the next `;` (an unterminated quote runs to the end).
                    while i < value.endIndex, value[i] != semicolon { i += 1 }
                } else {
                    let valueStart = i
                    while i < value.endIndex, value[i] != semicolon { i += 1 }
                    parameterValue = Array(MultipartForm.trimmed(value[valueStart..<i]))
                }
                if !name.isEmpty { parameters.append((name, parameterValue)) }
            }
        }

        /// The value of the first parameter of that (lowercase) name.
        func parameter(_ name: [UInt8]) -> [UInt8]? {
            parameters.first { $0.name == name }?.value
        }
    }
}
