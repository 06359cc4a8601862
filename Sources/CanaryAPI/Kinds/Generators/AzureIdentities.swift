import Basics
import TokenFiles

/// azure-id's secrets, made once at create: the fields `AzureIDBuilder` reads.
///
/// The certificate is self-made: a DER X.509 v3 with a random serial and a random 2048-bit RSA modulus, signed by
/// nothing (the signature is random bytes). `openssl x509` parses it; nothing can verify it, and the PKCS #8 key
/// block before it only mimics the layout of `az ad sp create-for-rbac --create-cert` (its numbers are random, it is
/// not a working key). Logging in with it fails at Azure, which is where the real token triggers anyway.
package enum AzureIdentities {
    /// The subject and issuer common name `az ad sp create-for-rbac --create-cert` gives its certificates.
    package static let commonName = "CLI-Login"

    /// The fields stored at create: `app_id` and `tenant_id` (random UUIDs), `cert_name` (the creation time as
    /// `YYYY-MM-DD-HH-MM-SS`, the suffix `az` gives display names) and `cert` (PEM key block, then the certificate).
    package static func make(created: Double) -> [String: String] {
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
    private static func randomOdd(bytes count: Int) -> [UInt8] {
        var bytes = RandomBytes.make(count)
        bytes[0] |= 0x80
        bytes[count - 1] |= 0x01
        return bytes
    }
}
