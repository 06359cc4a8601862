import MiniHTTP
import Testing

/// An error type of a handler that presents itself.
private struct TeapotError: HTTPResponseError {
    var status: HTTPStatus { HTTPStatus(418, "I'm a teapot") }
    var message: String { "short and stout" }
}

private struct Opaque: Error {}

@Suite("Router, called directly without sockets")
struct RouterTests {
    private static func router() -> Router {
        var router = Router(errorRenderer: EnvelopeErrorRenderer())
        router.add(.get, "/a") { _ in .json(["route": "a"]) }
        router.add([.post, .delete], "/b") { request in .json(["method": .string(request.method.rawValue)]) }
        router.add(.get, "/teapot") { _ in throw TeapotError() }
        router.add(.get, "/opaque") { _ in throw Opaque() }
        return router
    }

    @Test("Exact path and method reach the handler")
    func match() {
        let response = RouterTests.router().respond(to: HTTPRequest(method: .get, target: "/a?x=1"))
        #expect(response.status == .ok)
        #expect(response.body == Array("{\n  \"route\": \"a\"\n}\n".utf8))
        let post = RouterTests.router().respond(to: HTTPRequest(method: .delete, target: "/b"))
        #expect(post.body == Array("{\n  \"method\": \"DELETE\"\n}\n".utf8))
    }

    @Test("Unknown paths, trailing slashes and case differences are 404 JSON", arguments: ["/c", "/a/", "/A", "a", "/a/b"])
    func notFound(_ path: String) {
        let response = RouterTests.router().respond(to: HTTPRequest(method: .get, target: path))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.body == Array("{\n  \"message\": \"Not Found\",\n  \"result\": \"error\"\n}\n".utf8))
    }

    @Test("A known path with another method is 405 with a sorted Allow header")
    func methodNotAllowed() {
        let onB = RouterTests.router().respond(to: HTTPRequest(method: .get, target: "/b"))
        #expect(onB.status == .methodNotAllowed)
        #expect(onB.headers["Allow"] == "DELETE, POST")
        #expect(onB.body == Array("{\n  \"message\": \"Method Not Allowed\",\n  \"result\": \"error\"\n}\n".utf8))
        let onA = RouterTests.router().respond(to: HTTPRequest(method: .put, target: "/a"))
        #expect(onA.headers["Allow"] == "GET, HEAD")
    }

    @Test("HEAD is served by the GET handler")
    func head() {
        #expect(RouterTests.router().respond(to: HTTPRequest(method: .head, target: "/a")).status == .ok)
    }

    @Test("A thrown HTTPResponseError presents itself; anything else is a generic 500")
    func errors() {
        let teapot = RouterTests.router().respond(to: HTTPRequest(method: .get, target: "/teapot"))
        #expect(teapot.status.code == 418)
        #expect(teapot.body == Array("{\n  \"message\": \"short and stout\",\n  \"result\": \"error\"\n}\n".utf8))
        let opaque = RouterTests.router().respond(to: HTTPRequest(method: .get, target: "/opaque"))
        #expect(opaque.status == .internalServerError)
        #expect(opaque.body == Array("{\n  \"message\": \"Internal Server Error\",\n  \"result\": \"error\"\n}\n".utf8))
    }

    @Test("Without a renderer handed down, errors are MiniHTTP's neutral {\"message\"} JSON")
    func neutralRenderer() {
        var router = Router()
        router.add(.get, "/teapot") { _ in throw TeapotError() }
        let missing = router.respond(to: HTTPRequest(method: .get, target: "/nowhere"))
        #expect(missing.status == .notFound)
        #expect(missing.headers["Content-Type"] == "application/json")
        #expect(missing.body == Array("{\n  \"message\": \"Not Found\"\n}\n".utf8))
        let teapot = router.respond(to: HTTPRequest(method: .get, target: "/teapot"))
        #expect(teapot.body == Array("{\n  \"message\": \"short and stout\"\n}\n".utf8))
    }

    @Test("The route table lists every path with its methods")
    func table() {
        let table = RouterTests.router().table
        #expect(table.map(\.path) == ["/a", "/b", "/opaque", "/teapot"])
        #expect(table[1].methods == [.delete, .post])
    }
}
