import Basics
import CanaryStore
import MiniHTTP
import TokenFiles

extension GeneratedFields {
    /// aws-id: `access_key_id`, `secret_access_key`, `username` (unless `aws_id_username` gave one) and
    /// `renders["aws-id"]` in the Console's indented form (docs/api.md §2).
    package static let awsCredentials = GeneratedFields(
        stored: { minting in
            var fields = [
                "access_key_id": AWSKeys.accessKeyID(),
                "secret_access_key": AWSKeys.secretAccessKey(),
            ]
            if minting.given["username"] == nil { fields["username"] = AWSKeys.username() }
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

extension GeneratedFields {
    /// wireguard: the client's private key, the server's public key and the keepalive, stored; `renders.wg_conf`,
    /// the client config Thinkst's `deploy-wg.ps1` reads, shown.
    package static let wireGuard = GeneratedFields(
        stored: { _ in WireGuardKeys.make() },
        shown: { token in
            guard let config = try? WireGuardBuilder.config(TokenFileInput(token)) else { return [:] }
            return ["renders": .object(["wg_conf": .string(config)])]
        }
    )

    /// qr-code: `qr_code`, the PNG of a QR code of the token URL as a `data:image/png;base64,` URI (the open-source
    /// server's form; the Console's is not documented). Made once at create: the URL never changes.
    package static let qrCode = GeneratedFields(
        stored: { minting in
            guard let uri = try? QRCodeBuilder.dataURI(for: minting.url) else { return [:] }
            return ["qr_code": uri]
        },
        refusal: { minting in
            let bytes = minting.url.utf8.count
            guard bytes > QREncoder.maximumBytes else { return nil }
            return "is \(bytes) bytes, over the \(QREncoder.maximumBytes) a QR code holds"
        }
    )

    /// azure-id: `app_id`, `tenant_id`, `cert_name` and `cert` (PEM key block and certificate), as the open-source
    /// Canarytokens server stores what Thinkst's Azure function returns.
    package static let azureIdentity = GeneratedFields(stored: { minting in
        AzureIdentities.make(created: Double(minting.createdMicros) / 1_000_000)
    })

    /// slack-api: `slack_api_key`, a `xoxp-` key in Slack's layout.
    package static let slackKey = GeneratedFields(stored: { _ in SlackKeys.make() })

    /// cloned-css: `css`, the style sheet rule that loads the token URL with the expected referrer, as the
    /// open-source server's `get_cloned_site_css` builds it.
    package static let clonedCSS = GeneratedFields(shown: { token in
        let referrer = token.attributes["expected_referrer"] ?? ""
        let encoded = PercentEncoding.encode(Base64.encode(Array(referrer.utf8)), spaceAsPlus: false)
        let base = token.url.split(separator: "/", omittingEmptySubsequences: false).prefix(3).joined(separator: "/")
        return ["css": .string("body { background: url('\(base)/\(token.canarytoken)/\(encoded)/img.gif') !important; }")]
    })

    /// credit-card: a test card (a Luhn-valid number in a range no issuer uses), as the open-source server's
    /// credit-card model names its fields.
    package static let creditCard = GeneratedFields(stored: { minting in
        CreditCards.make(createdMicros: minting.createdMicros)
    })
}

extension TokenFileInput {
    /// The builder's view of a stored token.
    package init(_ token: TokenRecord, upload: [UInt8]? = nil) {
        let prefix = token.canarytoken + "."
        let domain = token.hostname.hasPrefix(prefix) ? String(token.hostname.dropFirst(prefix.count)) : token.hostname
        self.init(
            token: token.canarytoken, kind: token.kind, url: token.url, hostname: token.hostname, domain: domain,
            memo: token.memo, created: Double(token.createdMicros) / 1_000_000, fields: token.attributes,
            upload: upload)
    }
}
