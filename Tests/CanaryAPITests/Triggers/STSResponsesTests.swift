import CanaryAPI
import Testing

@Suite("STSResponses: identifiers and escaping")
struct STSResponsesTests {
    @Test("The account is decoded from the key id as AWS's own keys carry it")
    func accountDecoded() {
        // A published example of the decoding: AKIASP2TPHJSQH3FJXYZ belongs to account 171436882533.
        #expect(STSResponses.account(forKeyID: "AKIASP2TPHJSQH3FJXYZ") == "171436882533")
        #expect(STSResponses.account(forKeyID: "AKIAQAAAAAAAGMKEM7X5") == "000000000000")
        // All 40 bits set decode to 1099511627775, 13 digits: the account keeps the last 12.
        #expect(STSResponses.account(forKeyID: "AKIA7777777777777777") == "099511627775")
    }

    @Test("Every key the mock makes gets a 12-digit account")
    func accountOfMadeKeys() {
        for _ in 0..<500 {
            let account = STSResponses.account(forKeyID: AWSKeys.accessKeyID())
            #expect(account.count == 12 && account.allSatisfy(\.isNumber), "\(account)")
        }
    }

    @Test("A key that does not decode gets a stable 12-digit account from its hash")
    func accountHashed() {
        let account = STSResponses.account(forKeyID: "AKIA0000000000000000")
        #expect(account.count == 12 && account.allSatisfy(\.isNumber))
        #expect(STSResponses.account(forKeyID: "AKIA0000000000000000") == account)
        #expect(STSResponses.account(forKeyID: "AKIA0000000000000001") != account)
        #expect(STSResponses.account(forKeyID: "SHORTKEY12345678").count == 12)
    }

    @Test("The user id is AIDA and 17 base32 characters, stable per key")
    func userID() {
        let id = STSResponses.userID(forKeyID: "AKIAIOSFODNN7EXAMPLE")
        #expect(id.count == 21 && id.hasPrefix("AIDA"))
        #expect(id.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x32 && $0 <= 0x37) })
        #expect(STSResponses.userID(forKeyID: "AKIAIOSFODNN7EXAMPLE") == id)
        #expect(STSResponses.userID(forKeyID: "AKIAIOSFODNN7EXAMPLF") != id)
    }

    @Test("Request ids are 8-4-4-4-12 lowercase hex and differ")
    func requestID() {
        let id = STSResponses.requestID()
        #expect(id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(id.utf8.allSatisfy { $0 == 0x2D || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        #expect(STSResponses.requestID() != id)
    }

    @Test("XML text escapes the five special characters")
    func xmlEscaped() {
        #expect(STSResponses.xmlEscaped("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    }

    @Test("The identity's ARN names the user in the decoded account")
    func identity() {
        let identity = STSResponses.Identity(accessKeyID: "AKIASP2TPHJSQH3FJXYZ", username: "backup-user")
        #expect(identity.arn == "arn:aws:iam::171436882533:user/backup-user")
        #expect(identity.account == "171436882533")
    }
}
