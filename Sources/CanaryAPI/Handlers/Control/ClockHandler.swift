import Basics
import MiniHTTP

/// `/_mock/clock`: the console's wall clock, which stamps everything the API stores and prints (token and factory
/// `created`, flock `created`, the journal's `time`). `POST` sets it with `now` (Unix seconds) or moves it with
/// `advance` (seconds, negative goes back); it keeps running from there. `GET` shows it; `DELETE` returns to real
/// time. The monotonic clock (deadlines, latency, uptime) never moves. Every answer is the clock's state: `now` as
/// the Console writes `created` (seconds with six decimals, a string), `now_printable`, and `real` (not moved).
package enum ClockHandler {
    /// The latest second the clock may show: 9999-12-31 23:59:59 UTC, the last with a four-digit year in
    /// `created_printable`. The earliest is the epoch: `created` has no form for times before it.
    package static let maxSeconds: Int64 = 253_402_300_799

    /// The times the clock may show, in microseconds.
    private static let range: ClosedRange<Int64> = 0...(maxSeconds * 1_000_000)

    /// Sets (`now`) or moves (`advance`) the clock; exactly one of them.
    package static func set(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        let input = try ControlInput(request, limits: context.limits)
        try input.rejectUnknown(["now", "advance"])
        let now = try micros(
            input, "now", in: 0...Double(maxSeconds),
            "now must be Unix seconds from 0 to \(maxSeconds) (9999-12-31 23:59:59 UTC).")
        let advance = try micros(
            input, "advance", in: -Double(maxSeconds)...Double(maxSeconds),
            "advance must be seconds from -\(maxSeconds) to \(maxSeconds).")
        switch (now, advance) {
        case (let now?, nil):
            context.clock.set(toMicros: now)
            return answer(now, real: false)
        case (nil, let advance?):
            guard let moved = context.clock.advance(byMicros: advance, within: range) else {
                throw .invalidControlRequest(
                    "advance must keep the clock from 0 to \(maxSeconds) (1970-01-01 to 9999-12-31 23:59:59 UTC).")
            }
            return answer(moved, real: false)
        default:
            throw .invalidControlRequest("Give exactly one of now and advance.")
        }
    }

    /// The clock as it is.
    package static func show(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        answer(context.now(), real: !context.clock.isMoved)
    }

    /// Returns to real time.
    package static func reset(_ request: HTTPRequest, _ context: ConsoleContext) throws(APIError) -> HTTPResponse {
        context.clock.reset()
        return answer(context.now(), real: true)
    }

    /// A field of seconds (a JSON number or decimal text) as whole microseconds, or `nil` when absent.
    /// - Throws: `message` when it is not a number in `range`.
    private static func micros(
        _ input: ControlInput, _ name: String, in range: ClosedRange<Double>, _ message: String
    ) throws(APIError) -> Int64? {
        let seconds: Double?
        do {
            seconds = try input.double(name, in: range)
        } catch {
            throw .invalidControlRequest(message)
        }
        // A Double holds whole microseconds exactly up to 2^53 µs (the year 2255); later times round to a few.
        return seconds.map { Int64(($0 * 1_000_000).rounded()) }
    }

    /// `{"now": "1577836800.000000", "now_printable": "2020-01-01 00:00:00 (UTC)", "real": false, ...}`.
    private static func answer(_ micros: Int64, real: Bool) -> HTTPResponse {
        .json([
            "now": .string(Timestamps.created(micros)), "now_printable": .string(Timestamps.printable(micros)),
            "real": .bool(real), "result": "success",
        ])
    }
}
