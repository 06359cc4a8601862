import CanaryAPI
import CanaryStore
import MiniHTTP
import Testing

@Suite("Birds: ages, JavaScript dates and the presenter's derived fields")
struct BirdTimeTests {
    @Test("An age is the largest unit filled at least once, rounded down, singular for 1", arguments: [
        // The Console's own examples (docs/birds.md "Times").
        (Int64(1_029_740), "1 week"), (144, "2 minutes"), (4014, "1 hour"), (105_539, "1 day"), (558, "9 minutes"),
        (45445, "12 hours"), (22_853_773, "37 weeks"), (5, "5 seconds"), (16, "16 seconds"),
        (0, "0 seconds"), (1, "1 second"), (60, "1 minute"), (-3, "0 seconds"), (1_209_599, "1 week"),
        (1_209_600, "2 weeks"),
    ])
    func age(_ seconds: Int64, _ expected: String) {
        #expect(BirdTime.age(seconds: seconds) == expected)
    }

    @Test("first_seen and last_seen print as JavaScript's Date.toString() in UTC")
    func javaScriptDate() {
        // Both are the Console docs' example values.
        #expect(BirdTime.javaScriptDate(1_586_902_278_000_000) == "Tue Apr 14 2020 22:11:18 GMT+0000 (UTC)")
        #expect(BirdTime.javaScriptDate(1_587_933_242_999_999) == "Sun Apr 26 2020 20:34:02 GMT+0000 (UTC)")
        #expect(BirdTime.javaScriptDate(0) == "Thu Jan 01 1970 00:00:00 GMT+0000 (UTC)")
        #expect(BirdTime.localTime(1_587_933_235_000_000) == "2020-04-26 20:33:55")
    }

    @Test("subnet and the dotted netmask follow the address and the prefix length", arguments: [
        ("192.168.1.2", 24, "192.168.1.0/24", "255.255.255.0"), ("10.1.2.3", 16, "10.1.0.0/16", "255.255.0.0"),
        ("10.1.2.3", 32, "10.1.2.3/32", "255.255.255.255"), ("10.1.2.3", 0, "0.0.0.0/0", "0.0.0.0"),
        ("172.16.5.200", 25, "172.16.5.128/25", "255.255.255.128"), ("", 24, "", "255.255.255.0"),
    ])
    func subnet(_ address: String, _ prefix: Int, _ subnet: String, _ netmask: String) {
        #expect(BirdPresenter.subnet(address, prefix: prefix) == subnet)
        #expect(BirdPresenter.dottedNetmask(prefix: prefix) == netmask)
    }

    @Test("A live bird is seen now and up since it came up; a dead one keeps its last sighting and final uptime")
    func uptime() {
        var device = DeviceRecord(
            nodeID: "00000000f9495cec", deviceIDHash: String(repeating: "a", count: 24), name: "B", description: "",
            location: "", ipAddress: "", flockID: "flock:default", live: true, firstSeenMicros: 1_000_000_000,
            lastSeenMicros: 1_000_000_000, liveSinceMicros: 1_500_000_000)
        let live = BirdPresenter(device, nowMicros: 2_000_000_000)
        #expect(live.lastSeenMicros == 2_000_000_000 && live.uptimeSeconds == 500)
        device.live = false
        device.lastSeenMicros = 1_644_000_000
        let dead = BirdPresenter(device, nowMicros: 2_000_000_000)
        #expect(dead.lastSeenMicros == 1_644_000_000 && dead.uptimeSeconds == 144)
        #expect(dead.listItem["uptime_age"] == "2 minutes")
        #expect(dead.text("mac_address") == "00:00:00:49:5c:ec")
    }
}
