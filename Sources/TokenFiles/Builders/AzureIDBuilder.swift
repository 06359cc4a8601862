import Basics

/// azure-id: a zip holding a service principal's certificate file and the matching `az` login config.
///
/// The OSS stores what Thinkst's Azure function returns (`app_id`, `tenant_id`, `cert`, `cert_name`) with the
/// requested `cert_file_name`, serves the certificate under that name and shows the config as JSON (`appId`,
/// `displayName` = `azure-cli-<cert_name>`, `fileWithCertAndPrivateKey`, `password`, `tenant`), saved as the file
/// name with `.pem` replaced by `.json`. Thinkst's PowerShell dropper downloads the Console's azure-id file as
/// `<name>.zip` and expands it, so the Console bundles both; this zip does the same.
///
/// The certificate is self-made: a DER X.509 v3 with a random serial and a random 2048-bit RSA modulus, signed by
/// nothing (the signature is random bytes). `openssl x509` parses it; nothing can verify it, and the PKCS #8 key
/// block before it only mimics the layout of `az ad sp create-for-rbac --create-cert` (its numbers are random, it is
/// not a working key). Logging in with it fails at Azure, which is where the real token triggers anyway.
package struct AzureIDBuilder: TokenFileBuilder {
    /// The subject and issuer common name `az ad sp create-for-rbac --create-cert` gives its certificates.
    package static let commonName = "CLI-Login"

    /// Makes a builder.
    package init() {}

    /// `<cert file stem>.zip` with the certificate file and its JSON config.
    /// - Throws: `.missingField` when the cert file name or a field of `generatedFields(created:)` is not stored.
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

    /// The fields stored at create: `app_id` and `tenant_id` (random UUIDs), `cert_name` (the creation time as
    /// `YYYY-MM-DD-HH-MM-SS`, the suffix `az` gives display names) and `cert` (PEM key block, then the certificate).
    package static func generatedFields(created: Double) -> [String: String] {
        let time = CivilTime(epochSeconds: created)
        let certName = [CivilTime.padded(time.year, 4), CivilTime.padded(time.month, 2), CivilTime.padded(time.day, 2),
                        CivilTime.padded(time.hour, 2), CivilTime.padded(time.minute, 2),
                        CivilTime.padded(time.second, 2)].joined(separator: "-")
        let modulus = randomOdd(bytes: 256)
        return [
            "app_id": RandomBytes.uuid(),
            "tenant_id": RandomBytes.uuid(),
            "cert_name": certName,
            "cert": DERWriter.pem("PRIVATE KEY", privateKeyInfo(modulus: modulus))
                + DERWriter.pem("CERTIFICATE", certificate(modulus: modulus, created: created)),
        ]
    }

    // MARK: - DER structures

    /// RFC 5280 §4.1 Certificate: a v3 TBSCertificate (subject = issuer = `commonName`, valid for one year from
    /// `created`, RSA public key with exponent 65537), sha256WithRSAEncryption, and 256 random signature bytes.
    package static func certificate(modulus: [UInt8], created: Double) -> [UInt8] {
        var serial = RandomBytes.make(16)
        serial[0] = serial[0] & 0x7F | 0x01  // positive and 16 bytes long (RFC 5280 §4.1.2.2: at most 20)
        let name = DERWriter.sequence([DERWriter.set([DERWriter.sequence([
            DERWriter.objectIdentifier([2, 5, 4, 3]), DERWriter.utf8String(commonName),
        ])])])
        let signatureAlgorithm = DERWriter.sequence([
            DERWriter.objectIdentifier([1, 2, 840, 113_549, 1, 1, 11]), DERWriter.null,
        ])
        let publicKey = DERWriter.sequence([
            DERWriter.sequence([DERWriter.objectIdentifier([1, 2, 840, 113_549, 1, 1, 1]), DERWriter.null]),
            DERWriter.bitString(DERWriter.sequence([DERWriter.unsignedInteger(modulus), DERWriter.integer(65537)])),
        ])
        let tbs = DERWriter.sequence([
            DERWriter.explicit(0, DERWriter.integer(2)),
            DERWriter.unsignedInteger(serial),
            signatureAlgorithm,
            name,
            DERWriter.sequence([
                DERWriter.utcTime(CivilTime(epochSeconds: created)),
                DERWriter.utcTime(CivilTime(epochSeconds: created + 365 * 86_400)),
            ]),
            name,
            publicKey,
        ])
        return DERWriter.sequence([tbs, signatureAlgorithm, DERWriter.bitString(RandomBytes.make(256))])
    }

    /// RFC 5208 PrivateKeyInfo around an RFC 8017 RSAPrivateKey with that modulus and random other numbers.
    package static func privateKeyInfo(modulus: [UInt8]) -> [UInt8] {
        let rsaKey = DERWriter.sequence([
            DERWriter.integer(0),
            DERWriter.unsignedInteger(modulus),
            DERWriter.integer(65537),
            DERWriter.unsignedInteger(RandomBytes.make(256)),
            DERWriter.unsignedInteger(randomOdd(bytes: 128)),
            DERWriter.unsignedInteger(randomOdd(bytes: 128)),
            DERWriter.unsignedInteger(RandomBytes.make(128)),
            DERWriter.unsignedInteger(RandomBytes.make(128)),
            DERWriter.unsignedInteger(RandomBytes.make(128)),
        ])
        return DERWriter.sequence([
            DERWriter.integer(0),
            DERWriter.sequence([DERWriter.objectIdentifier([1, 2, 840, 113_549, 1, 1, 1]), DERWriter.null]),
            DERWriter.octetString(rsaKey),
        ])
    }

    // MARK: - Helpers

    /// Random big-endian bytes with the top bit set (full length) and the low bit set (odd).
    static func randomOdd(bytes count: Int) -> [UInt8] {
        var bytes = RandomBytes.make(count)
        bytes[0] |= 0x80
        bytes[count - 1] |= 0x01
        return bytes
    }

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
