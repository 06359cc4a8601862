import Basics
import Testing
@testable import TokenFiles

extension Builders {
    @Suite struct Helpers {
        @Test("DER lengths use the long form from 128 bytes")
        func derLengths() {
            #expect(DERWriter.tlv(0x04, [UInt8](repeating: 0, count: 127)).prefix(2).elementsEqual([0x04, 0x7F]))
            #expect(DERWriter.tlv(0x04, [UInt8](repeating: 0, count: 200)).prefix(3).elementsEqual([0x04, 0x81, 0xC8]))
            #expect(DERWriter.tlv(0x04, [UInt8](repeating: 0, count: 300)).prefix(4).elementsEqual([0x04, 0x82, 0x01, 0x2C]))
        }

        @Test("DER integers, OIDs and times encode as X.690 says")
        func derPrimitives() {
            #expect(DERWriter.integer(0) == [0x02, 0x01, 0x00])
            #expect(DERWriter.integer(65537) == [0x02, 0x03, 0x01, 0x00, 0x01])
            #expect(DERWriter.unsignedInteger([0x00, 0x00, 0x80]) == [0x02, 0x02, 0x00, 0x80])
            #expect(DERWriter.objectIdentifier([2, 5, 4, 3]) == [0x06, 0x03, 0x55, 0x04, 0x03])
            #expect(DERWriter.objectIdentifier([1, 2, 840, 113_549, 1, 1, 1])
                == [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01])
            #expect(DERWriter.utcTime(CivilTime(epochSeconds: 1_688_122_821)) == [0x17, 0x0D] + Array("230630110021Z".utf8))
            // RFC 5280 §4.1.2.5: 2050 and later (and before 1950) are GeneralizedTime.
            #expect(DERWriter.utcTime(CivilTime(epochSeconds: 2_524_608_000)) == [0x18, 0x0F] + Array("20500101000000Z".utf8))
            #expect(DERWriter.utcTime(CivilTime(epochSeconds: 2_524_607_999)) == [0x17, 0x0D] + Array("491231235959Z".utf8))
            #expect(DERWriter.explicit(0, DERWriter.integer(2)) == [0xA0, 0x03, 0x02, 0x01, 0x02])
        }

        @Test("PEM wraps base64 at 64 characters between the label lines")
        func pem() {
            let text = DERWriter.pem("CERTIFICATE", [UInt8](repeating: 0xFF, count: 60))
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first == "-----BEGIN CERTIFICATE-----")
            #expect(lines.last == "-----END CERTIFICATE-----")
            #expect(lines[1].count == 64 && lines[2].count == 16)
            #expect(text.hasSuffix("-----\n"))
        }

        @Test("UUIDs are version 4, variant 10, lowercase")
        func uuid() {
            let id = RandomBytes.uuid()
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
            #expect(RandomBytes.uuid() != id)
        }
    }
}
