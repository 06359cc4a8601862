/// A growing sequence of bits, most significant first within each appended value, packed into bytes.
package struct QRBitBuffer: Sendable, Equatable {
    /// The packed bits; the last byte's unused low bits are 0.
    package private(set) var bytes: [UInt8] = []
    /// Number of bits appended.
    package private(set) var count = 0

    /// An empty buffer.
    package init() {}

    /// Appends the low `count` bits of `value`, most significant first.
    package mutating func append(_ value: UInt32, count bitCount: Int) {
        precondition(bitCount >= 0 && bitCount <= 32, "bit count out of range")
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> UInt32(shift)) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
