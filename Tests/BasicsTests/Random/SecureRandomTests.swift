import Basics
import Testing

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test("Bytes come in the count asked for, and two draws differ", arguments: [0, 1, 7, 8, 9, 64])
    func bytes(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
        if count >= 8 { #expect(SecureRandom.bytes(count) != SecureRandom.bytes(count)) }
    }

    @Test("Strings use only the alphabet and reach every character of it")
    func strings() {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        let text = SecureRandom.string(4_000, from: alphabet)
        #expect(text.utf8.count == 4_000)
        #expect(Set(text.utf8) == Set(alphabet))
        #expect(SecureRandom.string(0, from: alphabet).isEmpty)
    }

    @Test("Integers stay in their range and elements come from the collection")
    func integersAndElements() {
        var seen = Set<Int>()
        for _ in 0..<500 {
            let closed = SecureRandom.int(in: 1...3)
            #expect((1...3).contains(closed))
            seen.insert(closed)
            #expect((0..<2).contains(SecureRandom.int(in: 0..<2)))
        }
        #expect(seen == [1, 2, 3])
        #expect(SecureRandom.element(of: [Int]()) == nil)
        #expect(["a", "b"].contains(SecureRandom.element(of: ["a", "b"]) ?? "none"))
    }
}
