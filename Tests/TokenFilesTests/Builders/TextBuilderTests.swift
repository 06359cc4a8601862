import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct TextFiles {
        @Test("AWS credentials text is exact, without spaces around =")
        func awsCredentials() throws {
            let input = Builders.input(kind: "aws-id", fields: [
                "access_key_id": "AKIAYVP4CIPPH5EXAMPL", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ])
            let file = try AWSCredentialsBuilder().build(input)
            #expect(file.name == "credentials")
            #expect(file.contentType == "text/plain")
            #expect(String(decoding: file.bytes, as: UTF8.self) == """
                [default]
                aws_access_key_id=AKIAYVP4CIPPH5EXAMPL
                aws_secret_access_key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
                region=us-east-2
                output=json

                """)
        }

        @Test("AWS credentials without a stored key say which field is missing")
        func awsMissing() {
            let builder = AWSCredentialsBuilder()
            #expect(Builders.error { _ = try builder.build(Builders.input(kind: "aws-id")) }
                == .missingField("access_key_id"))
            #expect(Builders.error {
                _ = try builder.build(Builders.input(kind: "aws-id", fields: ["access_key_id": "A"]))
            } == .missingField("secret_access_key"))
        }

        @Test("slack_creds holds the stored key")
        func slack() throws {
            let file = try SlackAPIBuilder().build(Builders.input(kind: "slack-api", fields: ["slack_api_key": "xoxp-1-2-3-ab"]))
            #expect(file.name == "slack_creds")
            #expect(file.contentType == "text/plain")
            #expect(String(decoding: file.bytes, as: UTF8.self) == "# Slack API token (user token)\nslack_api_key=xoxp-1-2-3-ab\n")
            #expect(Builders.error { _ = try SlackAPIBuilder().build(Builders.input(kind: "slack-api")) }
                == .missingField("slack_api_key"))
        }

        @Test("The generated Slack key has the xoxp user-token shape")
        func slackKeyShape() throws {
            let key = try #require(SlackAPIBuilder.generatedFields()["slack_api_key"])
            let parts = key.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 5)
            #expect(parts[0] == "xoxp")
            #expect(parts[1].count == 12 && parts[2].count == 12 && parts[3].count == 13)
            #expect(parts[1...3].allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) && $0.first != "0" })
            #expect(parts[4].count == 32 && parts[4].allSatisfy { "0123456789abcdef".contains($0) })
            #expect(SlackAPIBuilder.generatedFields() != SlackAPIBuilder.generatedFields())
        }

        @Test("signed-exe hands the upload back unchanged")
        func signedExe() throws {
            let upload: [UInt8] = [0x4D, 0x5A, 0x90, 0x00, 0xFF]
            let file = try SignedExeBuilder().build(Builders.input(kind: "signed-exe", upload: upload))
            #expect(file == TokenDownload(name: "k3jf9sl2m4n5b6v7c8x9z0q1w.exe", contentType: "application/octet-stream", bytes: upload))
            #expect(Builders.error { _ = try SignedExeBuilder().build(Builders.input(kind: "signed-exe")) }
                == .missingField("exe"))
        }
    }
}
