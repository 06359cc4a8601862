import Foundation
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct AzureID {
        /// Fields as the kind's create-time generator (CanaryAPI's `AzureIdentities`) stores them for a token created
        /// at `Builders.input`'s time; the certificate itself is checked with the generator.
        static let fields = [
            "app_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "tenant_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "cert_name": "2023-06-30-11-00-21",
            "cert": "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
                + "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
        ]

        func input(certFile: String = "finance_az_prod.pem") -> TokenFileInput {
            var fields = AzureID.fields
            fields["azure_id_cert_file_name"] = certFile
            return Builders.input(kind: "azure-id", fields: fields)
        }

        @Test("The zip holds the cert file and its .json config, named after the cert file")
        func zipEntries() throws {
            let input = input()
            let file = try AzureIDBuilder().build(input)
            #expect(file.name == "finance_az_prod.zip")
            #expect(file.contentType == "application/zip")
            let zip = ZipWalk(file.bytes)
            #expect(zip.problems == [])
            #expect(zip.items.map(\.name) == ["finance_az_prod.pem", "finance_az_prod.json"])
            for entry in zip.items { #expect(entry.crc == Int(CRC32.checksum(entry.data))) }
            #expect(zip.data("finance_az_prod.pem") == Array((input.fields["cert"] ?? "").utf8))
        }

        @Test("The config JSON has the az service-principal keys")
        func configJSON() throws {
            let input = input()
            let zip = ZipWalk(try AzureIDBuilder().build(input).bytes)
            #expect(zip.problems == [])
            let object = try JSONSerialization.jsonObject(with: Data(try #require(zip.data("finance_az_prod.json"))))
            let json = try #require(object as? [String: Any])
            #expect(Set(json.keys) == ["appId", "displayName", "fileWithCertAndPrivateKey", "password", "tenant"])
            #expect(json["appId"] as? String == input.fields["app_id"])
            #expect(json["tenant"] as? String == input.fields["tenant_id"])
            #expect(json["displayName"] as? String == "azure-cli-2023-06-30-11-00-21")
            #expect(json["fileWithCertAndPrivateKey"] as? String == "finance_az_prod.pem")
            #expect(json["password"] is NSNull)
            let uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
            #expect((input.fields["app_id"] ?? "").wholeMatch(of: uuid) != nil)
            #expect((input.fields["tenant_id"] ?? "").wholeMatch(of: uuid) != nil)
        }

        @Test("Cert file names are reduced to a safe last component", arguments: [
            ("azure_prod", "azure_prod.zip", ["azure_prod", "azure_prod.json"]),
            ("../secret dir/Code Sign.pem", "Code_Sign.zip", ["Code_Sign.pem", "Code_Sign.json"]),
        ])
        func fileNames(requested: String, zipName: String, entries: [String]) throws {
            let file = try AzureIDBuilder().build(input(certFile: requested))
            #expect(file.name == zipName)
            let zip = ZipWalk(file.bytes)
            #expect(zip.problems == [])
            #expect(zip.items.map(\.name) == entries)
        }

        @Test("A missing cert file name or generated field is named")
        func missing() {
            var fields = input().fields
            fields["azure_id_cert_file_name"] = nil
            #expect(Builders.error { _ = try AzureIDBuilder().build(Builders.input(kind: "azure-id", fields: fields)) }
                == .missingField("azure_id_cert_file_name"))
            for name in ["cert", "app_id", "tenant_id", "cert_name"] {
                var partial = input().fields
                partial[name] = nil
                #expect(Builders.error { _ = try AzureIDBuilder().build(Builders.input(kind: "azure-id", fields: partial)) }
                    == .missingField(name))
            }
            let dots = input(certFile: "..")
            #expect(Builders.error { _ = try AzureIDBuilder().build(dots) } == .missingField("azure_id_cert_file_name"))
        }

        @Test("Config strings are JSON-escaped")
        func jsonEscaping() {
            #expect(AzureIDBuilder.jsonString("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
        }
    }
}
