import CanaryStore
import MiniHTTP

extension GeneratedFields {
    /// aws-id: `access_key_id`, `secret_access_key`, `username` (unless `aws_id_username` gave one) and
    /// `renders["aws-id"]` in the Console's indented form (REAL-API-NOTES.md §3.2).
    package static let awsCredentials = GeneratedFields(
        stored: { minting in
            var fields = [
                "access_key_id": Identifiers.awsAccessKeyID(),
                "secret_access_key": Identifiers.awsSecretAccessKey(),
            ]
            if minting.given["username"] == nil { fields["username"] = Identifiers.awsUsername() }
            return fields
        },
        shown: { token in
            let id = token.attributes["access_key_id"] ?? ""
            let secret = token.attributes["secret_access_key"] ?? ""
            return ["renders": .object([
                "aws-id": .string("\n    [default]\n    aws_access_key_id = \(id)\n    aws_secret_access_key = \(secret)"),
            ])]
        }
    )

    /// cloned-web: `renders["cloned-web"]`, the script that loads the token URL from any other domain.
    package static let clonedWebRender = GeneratedFields(shown: { token in
        ["renders": .object(["cloned-web": .string(TokenPresenter.clonedWebScript(token))])]
    })
}
