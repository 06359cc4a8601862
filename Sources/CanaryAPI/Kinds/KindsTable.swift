import TokenFiles

/// The 17 kinds of the Console's April 2020 documentation (https://docs.canary.tools/canarytokens/actions.html, as it
/// was then), with the display names of the Console's `canarytokens/list` of that time (docs/api.md §6.1), then the
/// kinds the Console added since that today's clients create (docs/api.md §2, §3.1). A kind with a file names its
/// builder (TokenFiles).
package enum KindsTable {
    /// The Default Flock's id; it always exists.
    package static let defaultFlockID = "flock:default"
    /// Largest `web_image` upload (docs/api.md §3.1).
    package static let maxImageBytes = 1024 * 1024
    /// Largest `doc` (Word document to tokenize) or `exe` (program to sign) upload; the body limit also applies.
    package static let maxUploadBytes = 8 * 1024 * 1024

    /// Every kind create accepts, in the seeds' order.
    package static let all: [TokenKind] = [
        TokenKind("http", "Web", parameters: [
            KindParameter("browser_scanner_enabled", rule: .boolean(default: true), field: "browser_scanner_enabled"),
        ]),
        TokenKind("dns", "DNS"),
        TokenKind("cloned-web", "Cloned Website", parameters: [
            KindParameter("cloned_web", required: true, rule: .domainName, field: "cloned_web"),
        ], generated: .clonedWebRender),
        TokenKind("doc-msword", "MS Word .docx Document", parameters: [
            KindParameter("doc", rule: .upload(maxBytes: maxUploadBytes, accepts: UploadFormats.isWordDocument), field: "doc_name"),
        ], file: OfficeBuilder(.docx)),
        TokenKind("web-image", "Remote Web Image", parameters: [
            KindParameter("web_image", required: true, rule: .imageFile(maxBytes: maxImageBytes), field: "web_image_name"),
        ]),
        TokenKind("windows-dir", "Windows Directory Browsing", file: WindowsDirBuilder()),
        TokenKind("aws-s3", "Amazon S3", factory: false, parameters: [
            KindParameter("s3_source_bucket", rule: .s3Bucket, field: "s3_source_bucket"),
            KindParameter("s3_log_bucket", rule: .s3Bucket, field: "s3_log_bucket"),
            KindParameter("aws_access_key", rule: .text, field: nil),
            KindParameter("aws_region", rule: .awsRegion, field: "aws_region"),
        ], paired: [("aws_access_key", "aws_region")]),
        TokenKind("pdf-acrobat-reader", "Acrobat Reader PDF Document", file: PDFBuilder()),
        TokenKind("msword-macro", "MS Word .docm Document", file: OfficeBuilder(.docm)),
        TokenKind("msexcel-macro", "MS Excel .xlsm Document", file: OfficeBuilder(.xlsm)),
        TokenKind("aws-id", "Amazon API Key", parameters: [
            KindParameter("aws_id_username", rule: .awsUsername, field: "username"),
        ], generated: .awsCredentials, file: AWSCredentialsBuilder()),
        TokenKind("apeeper", "EC2 Meta-data Service", factory: false),
        TokenKind("qr-code", "QR Code", generated: .qrCode, file: QRCodeBuilder()),
        TokenKind("svn", "SVN Repo"),
        TokenKind("sql", "SQL Server"),
        TokenKind("fast-redirect", "Fast HTTP Redirect", parameters: [
            KindParameter("browser_redirect_url", rule: .text, field: "browser_redirect_url"),
        ]),
        TokenKind("slow-redirect", "Slow HTTP Redirect", parameters: [
            KindParameter("browser_redirect_url", rule: .text, field: "browser_redirect_url"),
        ]),
        // Kinds the Console added after the seeds.
        TokenKind("doc-msexcel", "MS Excel Document", file: OfficeBuilder(.xlsx)),
        TokenKind("wireguard", "WireGuard VPN", generated: .wireGuard, file: WireGuardBuilder()),
        TokenKind("azure-id", "Azure Login Certificate", parameters: [
            KindParameter("azure_id_cert_file_name", required: true, rule: .fileName, field: "azure_id_cert_file_name"),
        ], generated: .azureIdentity, file: AzureIDBuilder()),
        TokenKind("slack-api", "Slack API Key", generated: .slackKey, file: SlackAPIBuilder()),
        TokenKind("mysql-dump", "MySQL Dump", parameters: [
            KindParameter("industry", rule: .text, field: "industry"),
        ], file: MySQLDumpBuilder()),
        TokenKind("sensitive-cmd", "Sensitive Command", parameters: [
            KindParameter("process_name", required: true, rule: .processName, field: "process_name"),
        ], file: SensitiveCommandBuilder()),
        TokenKind("signed-exe", "Signed Exe", parameters: [
            KindParameter("exe", required: true, rule: .upload(maxBytes: maxUploadBytes, accepts: UploadFormats.isWindowsProgram), field: "exe_name"),
        ], file: SignedExeBuilder()),
        TokenKind("cloned-css", "Cloned CSS", parameters: [
            KindParameter("expected_referrer", required: true, rule: .domainName, field: "expected_referrer"),
        ], generated: .clonedCSS),
        TokenKind("credit-card", "Credit Card", generated: .creditCard),
    ]

    private static let byName: [String: TokenKind] = Dictionary(all.map { ($0.name, $0) }) { first, _ in first }

    /// The kind of that name, or `nil`.
    package static func kind(named name: String) -> TokenKind? { byName[name] }

    /// The kinds the factory makes by default: all but `aws-s3` and `apeeper` (docs/api.md §3.5).
    package static let defaultFactoryKinds: [String] = all.filter(\.factoryDefault).map(\.name)
}
