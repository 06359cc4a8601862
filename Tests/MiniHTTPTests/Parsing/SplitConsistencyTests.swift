import MiniHTTP
import Testing

/// Mutated requests fed whole, in random pieces and byte by byte must always give the same answer, and never crash.
@Suite("Split consistency under mutation")
struct SplitConsistencyTests {
    /// A small deterministic generator (SplitMix64) so every run tests the same inputs.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        rawRequest("GET", "/a?b=c", headers: ["Connection: close"]),
        rawRequest("POST", "/p", headers: ["Content-Length: 5", "Expect: 100-continue"], body: "hello"),
        rawRequest("PUT", "/c", headers: ["Transfer-Encoding: chunked"],
                body: "5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n"),
        "\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + rawRequest("GET", "/2"),
        "POST /lf HTTP/1.1\nHost: h\nContent-Length: 3, 3\n\nabc",
    ]

    /// Bytes that sit on the parser's decision points.
    static let interesting: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x3A, 0x3B, 0x2C, 0x30, 0x35, 0x61, 0x00, 0x7F, 0x80, 0xFF]

    static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let byte = Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2: bytes.remove(at: at)
            default:
                let end = min(bytes.count, at + Int.random(in: 1...8, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            }
        }
        return bytes
    }

    @Test("Gives the same answer however a mutated request is split", arguments: 0..<SplitConsistencyTests.seeds.count)
    func mutations(_ seedIndex: Int) {
        var rng = SplitMix64(state: UInt64(seedIndex) &* 7919 &+ 1)
        let limits = HTTPLimits.modified {
            $0.maxRequestLineBytes = 48
            $0.maxHeaderBytes = 96
            $0.maxHeaderCount = 4
            $0.maxBodyBytes = 24
            $0.maxChunkLineBytes = 12
        }
        let seed = Array(SplitConsistencyTests.seeds[seedIndex].utf8)
        var failures = 0
        for _ in 0..<400 where failures < 3 {
            let bytes = SplitConsistencyTests.mutate(seed, using: &rng)
            let whole = parseAll(bytes, limits: limits)
            var splits = (0..<3).map { _ in
                (0..<Int.random(in: 1...4, using: &rng)).map { _ in Int.random(in: 0...bytes.count, using: &rng) }
            }
            splits.append(Array(0..<bytes.count))
            for cuts in splits {
                let split = parseAll(bytes, limits: limits, splitAt: cuts)
                if split != whole {
                    failures += 1
                    Issue.record("\(bytes) split at \(cuts) gave \(split), whole gave \(whole)")
                    break
                }
            }
        }
    }
}
