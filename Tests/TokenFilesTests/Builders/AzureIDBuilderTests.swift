import Foundation
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct AzureID {
        func input(certFile: String = "finance_az_prod.pem") -> TokenFileInput {
            var fields = AzureIDBuilder.generatedFields(created: 1_688_122_821.384507)
            fields["azure_id_cert_file_name"] = certFile
            return Builders.input(kind: "azure-id", fields: fields)
        }

        /// The base64 bodies of the PEM blocks, by label, in order.
        func pemBlocks(_ text: String) -> [(label: String, der: [UInt8])] {
            var blocks: [(String, [UInt8])] = []
            var label: String?
            var body = ""
            for line in text.split(separator: "\n").map(String.init) {
                if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                    label = String(line.dropFirst(11).dropLast(5))
                    body = ""
                } else if line.hasPrefix("-----END "), let open = label {
                    blocks.append((open, Array(Data(base64Encoded: body) ?? Data())))
                    label = nil
                } else {
                    #expect(line.count <= 64)
                    body += line
                }
            }
            return blocks
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

        @Test("The PEM holds a PKCS #8 key then an X.509 v3 certificate with the same RSA modulus")
        func certificateStructure() throws {
            let blocks = pemBlocks(input().fields["cert"] ?? "")
            #expect(blocks.map(\.label) == ["PRIVATE KEY", "CERTIFICATE"])
            let certificate = try #require(blocks.last?.der)
            #expect(certificate.first == 0x30)
            let root = try DERReader.node(certificate[...])
            #expect(root.encodedCount == certificate.count)
            let parts = try DERReader.children(root.content)
            #expect(parts.map(\.tag) == [0x30, 0x30, 0x03])
            #expect(parts[2].content.count == 257)  // unused-bits byte + 2048-bit signature
            let tbs = try DERReader.children(parts[0].content)
            #expect(tbs.map(\.tag) == [0xA0, 0x02, 0x30, 0x30, 0x30, 0x30, 0x30])
            #expect(Array(tbs[0].content) == [0x02, 0x01, 0x02])  // v3
            #expect(tbs[1].content.count == 16)
            #expect(Array(tbs[2].content) == [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B, 0x05, 0x00])
            #expect(Array(tbs[3].content) == Array(tbs[5].content))  // self-issued
            #expect(Builders.find(Builders.ascii("CLI-Login"), in: Array(tbs[3].content)) != nil)
            let validity = try DERReader.children(tbs[4].content)
            #expect(validity.map { String(decoding: $0.content, as: UTF8.self) } == ["230630110021Z", "240629110021Z"])
            let spki = try DERReader.children(tbs[6].content)
            let bits = spki[1].content.dropFirst()
            let rsa = try DERReader.children(try DERReader.node(bits).content)
            #expect(rsa.count == 2)
            #expect(rsa[0].content.count == 257 && rsa[0].content.first == 0 && (rsa[0].content.last ?? 0) & 1 == 1)
            #expect(Array(rsa[1].content) == [0x01, 0x00, 0x01])

            let key = try DERReader.children(try DERReader.node(try #require(blocks.first?.der)[...]).content)
            #expect(key.map(\.tag) == [0x02, 0x30, 0x04])
            let rsaKey = try DERReader.children(try DERReader.node(key[2].content).content)
            #expect(rsaKey.count == 9)
            #expect(Array(rsaKey[1].content) == Array(rsa[0].content))
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
