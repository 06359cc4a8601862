/// Why the parameters of a request (query string, url-encoded, JSON or multipart body) could not be decoded.
///
/// Messages are generic on purpose: the application layer maps these to its own wording.
package enum ParameterError: Error, Equatable, HTTPResponseError, CustomStringConvertible {
    /// A `%` not followed by two hex digits.
    case badPercentEscape
    /// A name or value that is not valid UTF-8 after decoding; carries the parameter's name when that decoded.
    case invalidUTF8(name: String?)
    /// More parameters than `HTTPLimits.maxParameters`, query string and url-encoded or JSON body together.
    case tooManyParameters
    /// A `multipart/form-data` body whose Content-Type has no `boundary` parameter.
    case missingBoundary
    /// A boundary that is empty or holds control characters (RFC 2046 §5.1.1).
    case badBoundary
    /// A boundary longer than `HTTPLimits.maxMultipartBoundaryLength` (RFC 2046 §5.1.1: at most 70).
    case boundaryTooLong
    /// A multipart body whose layout or part headers cannot be read.
    case malformedMultipart(reason: String)
    /// A multipart body that ends before its close delimiter `--boundary--`.
    case truncatedMultipart
    /// More parts than `HTTPLimits.maxMultipartParts`.
    case tooManyParts
    /// A part header block larger than `HTTPLimits.maxMultipartPartHeaderBytes`.
    case partHeadersTooLarge

    /// 413 for the count and size limits, 400 for everything the client wrote wrong.
    package var status: HTTPStatus {
        switch self {
        case .tooManyParameters, .tooManyParts, .partHeadersTooLarge:
            .contentTooLarge
        case .badPercentEscape, .invalidUTF8, .missingBoundary, .badBoundary, .boundaryTooLong,
            .malformedMultipart, .truncatedMultipart:
            .badRequest
        }
    }

    /// A short English message, without the offending bytes (they may be anything).
    package var description: String {
        switch self {
        case .badPercentEscape: "Invalid percent-escape in the parameters"
        case .invalidUTF8: "A parameter is not valid UTF-8"
        case .tooManyParameters: "Too many parameters"
        case .missingBoundary: "Multipart body without a boundary"
        case .badBoundary: "Invalid multipart boundary"
        case .boundaryTooLong: "Multipart boundary too long"
        case .malformedMultipart(let reason): "Malformed multipart body: \(reason)"
        case .truncatedMultipart: "Truncated multipart body"
        case .tooManyParts: "Too many multipart parts"
        case .partHeadersTooLarge: "Multipart part headers too large"
        }
    }

    /// The message an error response carries: `description`.
    package var message: String { description }
}
