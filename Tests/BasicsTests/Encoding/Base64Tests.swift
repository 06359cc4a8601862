import Basics
import Testing

@Suite("Base64")
struct Base64Tests {
    @Test("Base64 matches the RFC 4648 §10 vectors", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
        var unpadded = encoded
        while unpadded.hasSuffix("=") { unpadded.removeLast() }
        #expect(Base64.decode(unpadded) == Array(plain.utf8))
    }

    @Test("Base64 uses + and / for the top values")
    func base64Alphabet() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test("Decoding round-trips every byte value")
    func roundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        for count in 0...bytes.count where count % 37 == 0 || count < 5 {
            #expect(Base64.decode(Base64.encode(Array(bytes.prefix(count)))) == Array(bytes.prefix(count)))
        }
    }

    @Test("Decoding refuses characters outside the alphabet and a lone last character", arguments: [
        "Zm9v!", "Zm 9v", "Zm9v-_", "Z", "Zm9vY", "Zm9vY===", "=Zm9", "Zm=v",
    ])
    func refuses(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
