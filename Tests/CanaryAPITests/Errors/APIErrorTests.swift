import CanaryAPI
import MiniHTTP
import Testing

@Suite("APIError: the Console's messages and statuses")
struct APIErrorTests {
    @Test(
        "Each error has the contract's exact message and status",
        arguments: [
            (APIError.invalidAuthToken, Message.invalidAuthToken, 401),
            (.unauthorized, Message.unauthorized, 401),
            (.emptyMemo, Message.emptyMemo, 400),
            (.couldNotProcessParameters, Message.badParameters, 400),
            (.parametersTooLarge, Message.badParameters, 413),
            (.clonedWebNotEnoughLabels, Message.clonedWebLabels, 400),
            (.invalidKind, Message.invalidKind, 400),
            (.flockDoesNotExist, Message.noFlock, 400),
            (.tokenNotFound, Message.tokenNotFound, 404),
            (.factoryAuthNotFound, Message.factoryNotFound, 404),
            (.invalidFactoryAuth, Message.invalidFactoryAuth, 401),
            (.couldNotSave, "Could not save Canarydrop", 500),
            (.internalError, "Internal server error", 500),
        ] as [(APIError, String, Int)])
    func messages(error: APIError, message: String, status: Int) throws {
        #expect(error.message == message)
        #expect(error.status.code == status)
        let reply = try Reply(error.makeResponse())
        expectError(reply, message, status: status)
    }

    @Test("Parameter decoding errors become Could not process the parameters, 413 for the size limits")
    func fromParameterError() {
        #expect(APIError(ParameterError.badPercentEscape) == .couldNotProcessParameters)
        #expect(APIError(ParameterError.invalidUTF8(name: "memo")) == .couldNotProcessParameters)
        #expect(APIError(ParameterError.truncatedMultipart) == .couldNotProcessParameters)
        #expect(APIError(ParameterError.tooManyParameters) == .parametersTooLarge)
        #expect(APIError(ParameterError.tooManyParts) == .parametersTooLarge)
        #expect(APIError(ParameterError.partHeadersTooLarge) == .parametersTooLarge)
    }
}
