import CanaryAPI
import MiniHTTP
import Testing

@Suite("Kind lists: canarytokens/list and canarytokens/factory/list")
struct KindListHandlerTests {
    @Test("canarytokens/list maps every kind to its display name")
    func kinds() throws {
        let console = try TestConsole()
        let reply = try console.call(.get, ConsolePaths.kinds, [], via: .query)
        #expect(reply.keys == ["canarytokens", "result"])
        let kinds = try #require(reply.json["canarytokens"]?.objectValue)
        #expect(kinds.count == 26)
        #expect(kinds["aws-id"] == .string(KindsTable.kind(named: "aws-id")?.displayName ?? ""))
        #expect(Set(kinds.keys) == Set(KindsTable.all.map(\.name)))
    }

    @Test("factory/list honours factory_kinds: the default, a narrowed list and every kind")
    func factoryKinds() throws {
        let reply = try TestConsole().call(.get, ConsolePaths.factoryKinds, [], via: .query)
        #expect(reply.keys == ["factory_canarytokens", "result"])
        let kinds = Set(reply.json["factory_canarytokens"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(kinds == Set(KindsTable.defaultFactoryKinds))
        #expect(!kinds.contains("aws-s3") && !kinds.contains("apeeper"))
        let narrowed = try TestConsole(["factory_kinds": ["aws-id"]]).call(.get, ConsolePaths.factoryKinds, [], via: .query)
        #expect(narrowed.json["factory_canarytokens"] == ["aws-id": .string(KindsTable.kind(named: "aws-id")?.displayName ?? "")])
        let every = try TestConsole(["factory_kinds": ["*"]]).call(.get, ConsolePaths.factoryKinds, [], via: .query)
        #expect(every.json["factory_canarytokens"]?.objectValue?.count == 26)
    }
}
