import Basics
import CanaryStore
import MiniHTTP

extension TriggerPipeline {
    /// Records one bird event through the same hooks as a token hit (docs/bird-incidents.md): the ignore list,
    /// checked with the source IP and the alert's service port, and the webhook hook of a newly opened incident.
    /// No token is read or changed.
    ///
    /// The event joins the open incident of the same bird, source IP and logtype within the window, or opens one
    /// keyed `incident:<word>:<device_id_hash>:<source IP or empty>:<epoch>`, whose `extra` keeps the bird's name
    /// and address and the ports as they were at this first event.
    /// - Returns: `.unknownToken` when no bird has the node id, `.ignoredSource`, or `.recorded` (committed).
    package func recordBird(_ alert: BirdAlert) throws(APIError) -> TriggerOutcome {
        let device: DeviceRecord?
        do {
            device = try store.device(alert.nodeID)
        } catch {
            log("store read failed (alert bird): \(error)")
            throw .internalError
        }
        guard let device else { return .unknownToken }
        let entry = alert.logtype
        let srcIP = entry.hasSource ? alert.srcIP : ""
        let dstPort = alert.dstPort ?? entry.dstPort
        // docs/bird-incidents.md: a bird's ignore-list check compares the service port, the port the list names.
        if !srcIP.isEmpty, hooks.isIgnored(srcIP, dstPort) { return .ignoredSource }

        let time = alert.timeMicros ?? clock.nowMicros()
        var fields = entry.event
        for (name, value) in alert.fields { fields[name] = value }
        fields["timestamp"] = .int(Int(Timestamps.floorSeconds(time)))
        fields["timestamp_std"] = .string(Timestamps.standard(time))
        let fieldsText = String(decoding: JSONWriter.encodeLine(.object(fields)), as: UTF8.self)
        let extra: JSONValue = [
            "name": .string(device.name),
            "dst_host": .string(device.ipAddress),
            "dst_host_public_ip": "",
            "dst_port": .string(String(dstPort ?? -1)),
            "src_host_reverse": "",
            "ip_address": "",
            "ippers": "",
            "mac_address": "",
            "local_time": .string(Self.localTime(time)),
        ]
        let extraText = String(decoding: JSONWriter.encodeLine(extra), as: UTF8.self)

        for _ in 0..<4 {
            let event = ConsoleStore.NewBirdEvent(
                nodeID: device.nodeID, srcHost: srcIP, srcPort: entry.hasSource ? (alert.srcPort ?? -1) : -1,
                timeMicros: time, fields: fieldsText, keyWord: entry.keyWord, logtype: entry.logtype,
                flockID: device.flockID, description: entry.summary, extra: extraText,
                keyPrefix: "incident:\(entry.keyWord):\(device.deviceIDHash):\(srcIP):", newHashID: Self.hashID())
            do {
                let (incident, opened) = try store.recordBirdEvent(event, windowMicros: windowMicros)
                if opened { hooks.incidentOpened(incident) }
                return .recorded(incident, opened: opened)
            } catch .duplicateKey {
                continue
            } catch {
                log("could not record an alert of bird \(device.nodeID): \(error)")
                throw .couldNotSave
            }
        }
        throw .couldNotSave
    }

    /// `2024-07-11 07:47:51`: a bird incident's `local_time`, the bird's clock printed without a zone (the mock's
    /// birds keep UTC).
    package static func localTime(_ micros: Int64) -> String {
        String(Timestamps.standard(micros).prefix(19))
    }
}
