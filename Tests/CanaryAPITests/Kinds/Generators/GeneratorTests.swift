import CanaryAPI
import Foundation
import Testing

/// The create-time generators beside the kinds table (`Kinds/Generators/`): the secrets and ids a kind's token is
/// stored with, which its file builder only reads.
@Suite("Kinds: create-time generators")
struct Generators {
    /// 2023-06-30T11:00:21.384507Z, the creation time the builder tests use.
    static let created = 1_688_122_821.384507

    /// The first index where `needle` starts in `haystack`.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test("Keys decode to 32 bytes; the private key is clamped, the server key's top bit clear")
    func keys() throws {
        for _ in 0..<20 {
            let fields = WireGuardKeys.make()
            let privateKey = try #require(Data(base64Encoded: fields["wg_private_key"] ?? ""))
            let serverKey = try #require(Data(base64Encoded: fields["wg_server_public_key"] ?? ""))
            #expect(privateKey.count == 32 && serverKey.count == 32)
            #expect(privateKey[0] & 7 == 0)
            #expect(privateKey[31] & 0xC0 == 0x40)
            #expect(serverKey[31] & 0x80 == 0)
            let keepalive = try #require(Int(fields["wg_persistent_keepalive"] ?? ""))
            #expect((30...300).contains(keepalive) && keepalive % 30 == 0)
        }
    }

    @Test("The generated Slack key has the xoxp user-token shape")
    func slackKeyShape() throws {
        let key = try #require(SlackKeys.make()["slack_api_key"])
        let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 5)
        #expect(parts[0] == "xoxp")
        #expect(parts[1].count == 12 && parts[2].count == 12 && parts[3].count == 13)
        #expect(parts[1...3].allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && $0.first != "0" })
        #expect(parts[4].count == 32 && parts[4].allSatisfy { "0123456789abcdef".contains($0) })
        #expect(SlackKeys.make() != SlackKeys.make())
    }

    /// The base64 bodies of the PEM blocks, by label, in order.
    func pemBlocks(_ text: String) -> [(label: String, der: [UInt8])] {
        var blocks: [(String, [UInt8])] = []
        var label: String?
        var body = ""
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
                body = ""
            } else if line.hasPrefix("-----END "), let open = label {
                blocks.append((open, Array(Data(base64Encoded: body) ?? Data())))
                label = nil
            } else {
                #expect(line.count <= 64)
                body += line
            }
        }
        return blocks
    }

    @Test("The PEM holds a PKCS #8 key then an X.509 v3 certificate with the same RSA modulus")
    func certificateStructure() throws {
        let blocks = pemBlocks(AzureIdentities.make(created: Generators.created)["cert"] ?? "")
        #expect(blocks.map(\.label) == ["PRIVATE KEY", "CERTIFICATE"])
        let certificate = try #require(blocks.last?.der)
        #expect(certificate.first == 0x30)
        let root = try DERReader.node(certificate[...])
        #expect(root.encodedCount == certificate.count)
        let parts = try DERReader.children(root.content)
        #expect(parts.map(\.tag) == [0x30, 0x30, 0x03])
        #expect(parts[2].content.count == 257)  // unused-bits byte + 2048-bit signature
        let tbs = try DERReader.children(parts[0].content)
        #expect(tbs.map(\.tag) == [0xA0, 0x02, 0x30, 0x30, 0x30, 0x30, 0x30])
        #expect(Array(tbs[0].content) == [0x02, 0x01, 0x02])  // v3
        #expect(tbs[1].content.count == 16)
        #expect(Array(tbs[2].content) == [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B, 0x05, 0x00])
        #expect(Array(tbs[3].content) == Array(tbs[5].content))  // self-issued
        #expect(Generators.find(Array("CLI-Login".utf8), in: Array(tbs[3].content)) != nil)
        let validity = try DERReader.children(tbs[4].content)
        #expect(validity.map { String(decoding: $0.content, as: UTF8.self) } == ["230630110021Z", "240629110021Z"])
        let spki = try DERReader.children(tbs[6].content)
        let bits = spki[1].content.dropFirst()
        let rsa = try DERReader.children(try DERReader.node(bits).content)
        #expect(rsa.count == 2)
        #expect(rsa[0].content.count == 257 && rsa[0].content.first == 0 && (rsa[0].content.last ?? 0) & 1 == 1)
        #expect(Array(rsa[1].content) == [0x01, 0x00, 0x01])

        let key = try DERReader.children(try DERReader.node(try #require(blocks.first?.der)[...]).content)
        #expect(key.map(\.tag) == [0x02, 0x30, 0x04])
        let rsaKey = try DERReader.children(try DERReader.node(key[2].content).content)
        #expect(rsaKey.count == 9)
        #expect(Array(rsaKey[1].content) == Array(rsa[0].content))
    }

    @Test("Azure ids are version 4 UUIDs and the cert name is the creation time")
    func azureIDs() {
        let fields = AzureIdentities.make(created: Generators.created)
        let uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        #expect((fields["app_id"] ?? "").wholeMatch(of: uuid) != nil)
        #expect((fields["tenant_id"] ?? "").wholeMatch(of: uuid) != nil)
        #expect(fields["cert_name"] == "2023-06-30-11-00-21")
    }

    @Test("Credit cards are Luhn-valid test numbers expiring two to four years after creation")
    func creditCard() {
        let card = CreditCards.make(createdMicros: Int64(Generators.created * 1_000_000))
        let digits = (card["card_number"] ?? "").compactMap(\.wholeNumberValue)
        #expect(digits.count == 16 && digits.prefix(4) == [4, 0, 0, 0])
        #expect(CreditCards.luhnCheckDigit(Array(digits.dropLast())) == digits.last)
        #expect((2025...2027).contains(Int(card["expiry_year"] ?? "") ?? 0))
    }
}
