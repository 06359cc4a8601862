import CanaryAPI
import Testing

@Suite("Identifiers: ids and secrets in the Console's formats")
struct IdentifiersTests {
    @Test("The URL word and page lists are the contract's")
    func lists() {
        #expect(Identifiers.pathWords == Formats.pathWords)
        #expect(Identifiers.pageNames == Formats.pageNames)
    }

    @Test("Every generator keeps its format, and draws distinct values")
    func formats() {
        var tokens: Set<String> = [], keys: Set<String> = [], secrets: Set<String> = []
        for _ in 0..<500 {
            let token = Identifiers.canarytoken()
            #expect(Formats.isTokenID(token), "\(token)")
            tokens.insert(token)
            #expect(Formats.isGeneratedFlockID(Identifiers.flockID()))
            #expect(Validation.isFlockID(Identifiers.flockID()))
            #expect(Formats.isFactoryAuth(Identifiers.factoryAuth()))
            let key = AWSKeys.accessKeyID()
            #expect(Formats.isAccessKeyID(key), "\(key)")
            keys.insert(key)
            let secret = AWSKeys.secretAccessKey()
            #expect(Formats.isSecretAccessKey(secret), "\(secret)")
            secrets.insert(secret)
            #expect(Validation.isAWSUsername(AWSKeys.username()))
        }
        #expect(tokens.count == 500)
        #expect(keys.count == 500)
        #expect(secrets.count == 500)
    }

    @Test("Ids use the whole alphabet: every one of 0-9a-z appears over many draws")
    func alphabet() {
        var seen: Set<Character> = []
        for _ in 0..<400 { seen.formUnion(Identifiers.canarytoken()) }
        #expect(seen == Set("0123456789abcdefghijklmnopqrstuvwxyz"))
        var secretChars: Set<Character> = []
        for _ in 0..<400 { secretChars.formUnion(AWSKeys.secretAccessKey()) }
        #expect(secretChars.contains("/") && secretChars.contains("+"))
        #expect(secretChars.count == 64)
    }

    @Test("Token URLs and host names put the id under the token domain; every word and page gets used")
    func urls() {
        var words: Set<String> = [], pages: Set<String> = []
        for _ in 0..<500 {
            let id = Identifiers.canarytoken()
            let url = Identifiers.tokenURL(id: id, domain: "canarytokens.localhost")
            #expect(Formats.isTokenURL(url, id: id, domain: "canarytokens.localhost"), "\(url)")
            let parts = url.split(separator: "/").map(String.init)
            words.insert(parts[2])
            pages.insert(parts[4])
            #expect(Identifiers.hostname(id: id, domain: "o3n.io") == "\(id).o3n.io")
        }
        #expect(words == Set(Formats.pathWords))
        #expect(pages == Set(Formats.pageNames))
    }
}
