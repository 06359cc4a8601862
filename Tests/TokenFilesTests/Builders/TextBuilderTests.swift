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
