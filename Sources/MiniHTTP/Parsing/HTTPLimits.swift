/// Every bound the server puts on what a client may send or how long it may take, in one value.
///
/// Each limit has a test that sends one byte less and one byte more than it allows.
package struct HTTPLimits: Sendable, Equatable {
    /// Longest request line, CRLF excluded. 64 KiB: some clients send every parameter, memo included, in the
    /// query string. Over it: 414 when the target is what runs long, else 400.
    package var maxRequestLineBytes = 64 * 1024
    /// Largest header section (all field lines with their line ends, request line excluded). Over it: 431.
    package var maxHeaderBytes = 16 * 1024
    /// Most header fields in one request (and trailer fields in one chunked body). Over it: 431.
    package var maxHeaderCount = 100
    /// Largest request body after chunked decoding. Over it: 413, refused before the body is read when the
    /// length is declared. 8 MiB: a 1 MiB `web_image` as multipart with room for the other fields.
    package var maxBodyBytes = 8 * 1024 * 1024
    /// Longest chunk-size line of a chunked body, extensions included. Over it: 400.
    package var maxChunkLineBytes = 4 * 1024
    /// Longest multipart boundary; RFC 2046 §5.1.1 allows 1 to 70 characters. Over it: 400.
    package var maxMultipartBoundaryLength = 70
    /// Most parts in one multipart body. Over it: 413.
    package var maxMultipartParts = 100
    /// Largest header block of one multipart part. Over it: 413.
    package var maxMultipartPartHeaderBytes = 8 * 1024
    /// Most parameters (query string and url-encoded body together). Over it: 413.
    package var maxParameters = 1000

    /// Seconds a client has to send a whole header section, from its first byte. Over it: 408 and close.
    package var headerDeadline: Double = 10
    /// Seconds a body read may wait for the next bytes. Over it: 408 and close.
    package var readTimeout: Double = 30
    /// Seconds a kept-alive connection may sit idle before a new request starts. Over it: closed silently.
    package var idleTimeout: Double = 60
    /// Seconds a response may go without the client taking any of it (and a small write, such as an error
    /// response, may block). Over it: the connection is dropped.
    package var writeTimeout: Double = 30
    /// Seconds a request body may take before `minBodyBytesPerSecond` applies, counted from the end of its head.
    package var bodyGrace: Double = 10
    /// Slowest average rate a request body may arrive at once `bodyGrace` has passed: by `grace + received / rate`
    /// seconds after the head the next bytes must be there. Under it: 408 and close, so a client trickling a body
    /// holds its connection slot for seconds, not forever. 32 KiB/s: an 8 MiB body may take up to 4.5 minutes.
    package var minBodyBytesPerSecond = 32 * 1024
    /// Seconds a response may take before `minResponseBytesPerSecond` applies, counted from its first write.
    package var responseGrace: Double = 10
    /// Slowest average rate a client may read a response at once `responseGrace` has passed. Under it: the
    /// connection is dropped, so a client reading a large download a few bytes at a time cannot keep it in memory.
    package var minResponseBytesPerSecond = 32 * 1024

    /// The built-in limits.
    package init() {}

    /// The built-in limits.
    package static let `default` = HTTPLimits()
}
