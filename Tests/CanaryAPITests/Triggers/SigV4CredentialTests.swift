import CanaryAPI
import MiniHTTP
import Testing

@Suite("SigV4Credential: the signature's shape, header and query")
struct SigV4CredentialTests {
    static let key = "AKIAIOSFODNN7EXAMPLE"
    static let signature = String(repeating: "0f", count: 32)
    static let scope = SigV4Credential(accessKeyID: key, date: "20200406", region: "us-east-1", service: "sts")

    @Test("A well-formed header gives the credential scope; spacing around components does not matter", arguments: [
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request,SignedHeaders=host,Signature=\(signature)",
        "  AWS4-HMAC-SHA256   Signature=\(signature) ,  SignedHeaders=host , Credential=\(key)/20200406/us-east-1/sts/aws4_request  ",
    ])
    func header(value: String) {
        #expect(SigV4Credential.parse(authorization: value) == .signed(Self.scope))
    }

    @Test("Malformed headers", arguments: [
        "", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "aws4-hmac-sha256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=Host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature.uppercased())",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)0",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature),",
        "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature), Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=short/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=akiaiosfodnn7example/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/2020040a/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406//sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/US-EAST-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/sts/aws4_request/, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(key)/20200406/us-east-1/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 Credential=\(String(repeating: "A", count: 129))/20200406/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=\(signature)",
        "AWS4-HMAC-SHA256 " + String(repeating: "x", count: SigV4Credential.maxAuthorizationBytes),
    ])
    func malformedHeader(value: String) {
        #expect(SigV4Credential.parse(authorization: value) == .malformed)
    }

    @Test("A request without Authorization or X-Amz-* signing parameters is unsigned")
    func unsigned() throws {
        let request = HTTPRequest.make(.post, "/_mock/aws", form: [("Action", "GetCallerIdentity")])
        #expect(SigV4Credential.parse(request, parameters: try request.parameters()) == .unsigned)
        #expect(SigV4Credential.parse(request, parameters: nil) == .unsigned)
    }

    @Test("Presigned query parameters give the scope; each must be there exactly once")
    func query() throws {
        let good: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(Self.key)/20200406/us-east-1/sts/aws4_request"),
            ("X-Amz-SignedHeaders", "host"), ("X-Amz-Signature", Self.signature),
        ]
        let request = HTTPRequest.make(.get, "/_mock/aws", query: good)
        #expect(SigV4Credential.parse(request, parameters: try request.parameters()) == .signed(Self.scope))
        for dropped in good.indices {
            var fields = good
            fields.remove(at: dropped)
            let partial = HTTPRequest.make(.get, "/_mock/aws", query: fields)
            #expect(SigV4Credential.parse(partial, parameters: try partial.parameters()) == .malformed)
        }
        let doubled = HTTPRequest.make(.get, "/_mock/aws", query: good + [good[1]])
        #expect(SigV4Credential.parse(doubled, parameters: try doubled.parameters()) == .malformed)
        let wrongAlgorithm = HTTPRequest.make(.get, "/_mock/aws", query: [("X-Amz-Algorithm", "AWS4-ECDSA-P256-SHA256")] + good.dropFirst())
        #expect(SigV4Credential.parse(wrongAlgorithm, parameters: try wrongAlgorithm.parameters()) == .malformed)
    }
}
