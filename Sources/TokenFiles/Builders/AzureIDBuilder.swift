import Basics

/// azure-id: a zip holding a service principal's certificate file and the matching `az` login config.
///
/// The OSS stores what Thinkst's Azure function returns (`app_id`, `tenant_id`, `cert`, `cert_name`) with the
/// requested `cert_file_name`, serves the certificate under that name and shows the config as JSON (`appId`,
/// `displayName` = `azure-cli-<cert_name>`, `fileWithCertAndPrivateKey`, `password`, `tenant`), saved as the file
/// name with `.pem` replaced by `.json`. Thinkst's PowerShell dropper downloads the Console's azure-id file as
/// `<name>.zip` and expands it, so the Console bundles both; this zip does the same.
///
/// The certificate and the ids are made once at create (CanaryAPI's `AzureIdentities`); this only reads them.
package struct AzureIDBuilder: TokenFileBuilder {
    /// Makes a builder.
    package init() {}

    /// `<cert file stem>.zip` with the certificate file and its JSON config.
    /// - Throws: `.missingField` when the cert file name or a field the kind generates at create (CanaryAPI's
    ///   `AzureIdentities`) is not stored.
    package func build(_ input: TokenFileInput) throws(TokenFileError) -> TokenDownload {
        guard let requested = input.fields["azure_id_cert_file_name"] else {
            throw .missingField("azure_id_cert_file_name")
        }
        let certFile = AzureIDBuilder.safeFileName(requested)
        guard !certFile.isEmpty else { throw .missingField("azure_id_cert_file_name") }
        guard let cert = input.fields["cert"] else { throw .missingField("cert") }
        let config = try AzureIDBuilder.config(input, certFileName: certFile)
        let stem = certFile.hasSuffix(".pem") ? String(certFile.dropLast(4)) : certFile
        var zip = ZipWriter(modified: input.created)
        zip.addFile(certFile, Array(cert.utf8))
        zip.addFile(AzureIDBuilder.configFileName(certFile), Array((config + "\n").utf8))
        return TokenDownload(name: "\(stem).zip", contentType: "application/zip", bytes: zip.finish())
    }

    /// The config's file name: the OSS replaces `.pem` with `.json`; other names get `.json` appended so the two
    /// entries never collide.
    package static func configFileName(_ certFileName: String) -> String {
        certFileName.hasSuffix(".pem") ? String(certFileName.dropLast(4)) + ".json" : certFileName + ".json"
    }

    /// The `az login --service-principal` config JSON, laid out as the OSS shows it.
    /// - Throws: `.missingField` for a missing `app_id`, `tenant_id` or `cert_name`.
    package static func config(_ input: TokenFileInput, certFileName: String) throws(TokenFileError) -> String {
        guard let appID = input.fields["app_id"] else { throw .missingField("app_id") }
        guard let tenantID = input.fields["tenant_id"] else { throw .missingField("tenant_id") }
        guard let certName = input.fields["cert_name"] else { throw .missingField("cert_name") }
        return """
            {
              "appId": \(jsonString(appID)),
              "displayName": \(jsonString("azure-cli-" + certName)),
              "fileWithCertAndPrivateKey": \(jsonString(certFileName)),
              "password": null,
              "tenant": \(jsonString(tenantID))
            }
            """
    }

    // MARK: - Helpers

    /// The last path component with anything outside `A–Z a–z 0–9 . _ -` replaced by `_`, so the name is safe as a
    /// zip entry and in `Content-Disposition`.
    static func safeFileName(_ requested: String) -> String {
        let last = requested.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let safe = String(last.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": Character(scalar)
            default: "_"
            }
        })
        return safe.allSatisfy { $0 == "." } ? "" : safe
    }

    /// A JSON string literal (RFC 8259 §7).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = RandomBytes.hexString([UInt8(scalar.value)])
                    out += "\\u00" + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
