/// A test-side DER walker: one TLV at a time, definite lengths only.
struct DERReader {
    struct Node {
        var tag: UInt8
        var content: ArraySlice<UInt8>
        /// Total encoded length (tag + length bytes + content).
        var encodedCount: Int
    }

    enum Failure: Error { case malformed }

    /// The TLV at the start of `bytes`.
    static func node(_ bytes: ArraySlice<UInt8>) throws -> Node {
        var index = bytes.startIndex
        guard index < bytes.endIndex else { throw Failure.malformed }
        let tag = bytes[index]
        index += 1
        guard index < bytes.endIndex else { throw Failure.malformed }
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, index + count <= bytes.endIndex else { throw Failure.malformed }
            length = bytes[index..<(index + count)].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard index + length <= bytes.endIndex else { throw Failure.malformed }
        return Node(tag: tag, content: bytes[index..<(index + length)], encodedCount: index + length - bytes.startIndex)
    }

    /// The TLVs one after another inside a constructed node's content.
    static func children(_ content: ArraySlice<UInt8>) throws -> [Node] {
        var out: [Node] = []
        var rest = content
        while !rest.isEmpty {
            let child = try node(rest)
            out.append(child)
            rest = rest.dropFirst(child.encodedCount)
        }
        return out
    }
}
