import CanaryAPI
import MiniHTTP
import Testing

@Suite("canarytoken/list_factories")
struct ListFactoriesHandlerTests {
    @Test("Lists live factories with flock and memo, without deleted ones")
    func list() throws {
        let console = try TestConsole()
        let made = try console.newFactory([("memo", "new one"), ("flock_id", TestConsole.otherFlock)])
        let doomed = try console.newFactory([("memo", "doomed")])
        #expect(try console.deleteFactory([("factory_auth", doomed)]).status == 200)
        let reply = try console.call(.get, ConsolePaths.listFactories, [], via: .query)
        #expect(reply.keys == ["factories", "result"])
        let factories = try #require(reply.json["factories"]?.arrayValue)
        let auths = factories.compactMap { $0["factory_auth"]?.stringValue }
        #expect(Set(auths) == [TestConsole.factoryAuth, TestConsole.otherFlockFactoryAuth, made])
        #expect(factories.first { $0["factory_auth"]?.stringValue == made } == [
            "factory_auth": .string(made), "flock_id": .string(TestConsole.otherFlock), "memo": "new one",
        ])
    }
}
