import MiniHTTP

/// Every error the Console API answers with, carrying the Console's exact message strings (clients such as the
/// official Python client map these strings to exception classes, so they must match to the character).
package enum APIError: Error, Equatable, HTTPResponseError {
    /// Wrong or missing `auth_token` parameter (and no header).
    case invalidAuthToken
    /// Wrong `X-Canary-Auth-Token` header.
    case unauthorized
    /// `memo` missing or blank.
    case emptyMemo
    /// A parameter is missing, malformed or undecodable.
    case couldNotProcessParameters
    /// The request body's parameters are over a size or count limit.
    case parametersTooLarge
    /// `cloned_web` is a single label.
    case clonedWebNotEnoughLabels
    /// `kind` missing, unknown, or not made by the factory.
    case invalidKind
    /// `flock_id` given and unknown.
    case flockDoesNotExist
    /// `canarytoken` missing or unknown.
    case tokenNotFound
    /// `name` missing or blank on flock create.
    case flockNameEmpty
    /// `name` over 100 characters on flock create.
    case flockNameTooLong
    /// `factory_auth` unknown or already deleted (delete_factory; mock's wording).
    case factoryAuthNotFound
    /// `factory_auth` missing, unknown or deleted on the factory endpoint (mock's wording).
    case invalidFactoryAuth
    /// The token's kind has no file to download.
    case fileGenerationNotSupported
    /// A control-API request (`/_mock/…`) is malformed; the text says which field and why (mock's own wording).
    case invalidControlRequest(String)
    /// `admin_token` is configured and the `X-Mock-Admin-Token` header is missing or wrong (mock's own wording).
    case invalidAdminToken
    /// A token with incidents was deleted without `clear_incidents=true` (docs/api.md §7.4).
    case couldNotDeleteToken
    /// No incident has the given key or hash id (or none was given to a single-incident action).
    case incidentNotFound
    /// No bird has the given `node_id` (or none was given): the message the official client maps to
    /// `DeviceNotFoundError` (docs/birds.md).
    case deviceNotFound
    /// A bulk incident action was given both `src_host` and `node_id`.
    case srcHostWithNodeID
    /// `audit_trail/fetch` was given both `cursor` and `after_id`, which the Console documents as mutually exclusive
    /// (docs/audit-trail.md); worded like the incident actions' `src_host` and `node_id` message.
    case cursorWithAfterID
    /// An incident endpoint's parameter is malformed: `Parameter <name> was invalid.`, the form of the Console's
    /// `older_than` message, used for every such parameter (docs/incident-endpoints.md).
    case invalidParameter(String)
    /// A write failed; details go to the log only.
    case couldNotSave
    /// More uploaded documents are being processed than `UploadGate` allows, and none finished in time.
    case uploadsBusy
    /// A read or anything else failed unexpectedly; details go to the log only.
    case internalError

    /// The Console's message for this error.
    package var message: String {
        switch self {
        case .invalidAuthToken: "Invalid auth_token"
        case .unauthorized: "Unauthorized"
        case .emptyMemo: "Empty memo"
        case .couldNotProcessParameters, .parametersTooLarge: "Could not process the parameters"
        case .clonedWebNotEnoughLabels: "Could not process the parameters. cloned_web is invalid, not enough domain labels"
        case .invalidKind: "Supplied kind is not valid."
        case .flockDoesNotExist: "Flock does not exist."
        case .tokenNotFound: "Could not find the Canarytoken"
        case .flockNameEmpty: "Flock name cannot be empty."
        case .flockNameTooLong: "Flock name longer than maximum (100 characters)."
        case .factoryAuthNotFound: "Could not find the factory auth string"
        case .invalidFactoryAuth: "Invalid factory_auth"
        case .fileGenerationNotSupported: "File generation not supported."
        case .invalidControlRequest(let problem): problem
        case .invalidAdminToken: "Invalid admin token"
        case .couldNotDeleteToken: "Could not delete Canarydrop"
        case .incidentNotFound: "Incident not found"
        case .deviceNotFound: "Device not found"
        case .srcHostWithNodeID: "Cannot use src_host and node_id together"
        case .cursorWithAfterID: "Cannot use cursor and after_id together"
        case .invalidParameter(let name): "Parameter \(name) was invalid."
        case .couldNotSave: "Could not save Canarydrop"
        case .uploadsBusy: "Too many uploads are being processed; try again shortly"
        case .internalError: "Internal server error"
        }
    }

    /// The status under `error_status: "http"` (docs/api.md §1). Exhaustive on purpose: a new case must decide.
    package var status: HTTPStatus {
        switch self {
        case .invalidAuthToken, .unauthorized, .invalidFactoryAuth, .invalidAdminToken: .unauthorized
        case .emptyMemo, .couldNotProcessParameters, .clonedWebNotEnoughLabels, .invalidKind, .flockDoesNotExist,
             .flockNameEmpty, .flockNameTooLong, .fileGenerationNotSupported, .invalidControlRequest,
             .couldNotDeleteToken, .srcHostWithNodeID, .cursorWithAfterID, .invalidParameter:
            .badRequest
        case .parametersTooLarge: .contentTooLarge
        case .tokenNotFound, .factoryAuthNotFound, .incidentNotFound, .deviceNotFound: .notFound
        case .couldNotSave, .internalError: .internalServerError
        // RFC 9110 §15.6.4: a temporary overload; the client may retry.
        case .uploadsBusy: .serviceUnavailable
        }
    }

    /// The Console's envelope `{"message": …, "result": "error"}` with this error's status.
    package func makeResponse() -> HTTPResponse {
        makeResponse(ConsoleErrorRenderer())
    }

    /// The API error a parameter decoding failure becomes.
    package init(_ error: ParameterError) {
        self = error.status == .contentTooLarge ? .parametersTooLarge : .couldNotProcessParameters
    }
}
