/// The one random source for identifiers, secrets and generated file contents: the system's cryptographic
/// generator (`SystemRandomNumberGenerator` reads `getrandom(2)` on Linux,
/// https://developer.apple.com/documentation/swift/systemrandomnumbergenerator), without modulo bias.
///
/// Each draw is one system call, so bytes are taken eight per draw rather than one draw per byte or character:
/// perf showed the kernel's `crng_make_state` among the top costs of a create when every character of an id was
/// its own `getrandom`.
package enum SecureRandom {
    /// `count` random bytes.
    package static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word: UInt64 = generator.next()
            for _ in 0..<8 where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return bytes
    }

    /// `count` characters drawn uniformly from `alphabet` (at most 256 ASCII characters).
    package static func string(_ count: Int, from alphabet: [UInt8]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256, "SecureRandom.string: alphabet of 1 to 256 bytes")
        var generator = SystemRandomNumberGenerator()
        // Bytes at or above `limit` would favour the first characters of the alphabet; they are drawn again.
        let limit = 256 - 256 % alphabet.count
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word: UInt64 = generator.next()
            for _ in 0..<8 where bytes.count < count {
                let byte = Int(word & 0xFF)
                word >>= 8
                if byte < limit { bytes.append(alphabet[byte % alphabet.count]) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A uniform integer in `range`.
    package static func int(in range: ClosedRange<Int>) -> Int {
        var generator = SystemRandomNumberGenerator()
        return Int.random(in: range, using: &generator)
    }

    /// A uniform integer in `range`, which must not be empty.
    package static func int(in range: Range<Int>) -> Int {
        var generator = SystemRandomNumberGenerator()
        return Int.random(in: range, using: &generator)
    }

    /// A uniformly chosen element, or `nil` for an empty collection.
    package static func element<C: Collection>(of collection: C) -> C.Element? {
        var generator = SystemRandomNumberGenerator()
        return collection.randomElement(using: &generator)
    }
}
