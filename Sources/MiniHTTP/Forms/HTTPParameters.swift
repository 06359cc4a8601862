/// The parameters of one request in a single typed view: text fields in order of arrival (query string first,
/// then the body) and the file parts of a `multipart/form-data` body.
package struct HTTPParameters: Sendable, Equatable {
    /// One text parameter: a query or url-encoded pair, or a multipart part without a `filename`.
    package struct Field: Sendable, Equatable {
        /// The decoded name; may be empty (`=value` keeps the name `""`).
        package var name: String
        /// The decoded value; `""` for a bare name.
        package var value: String

        /// Makes a field from its decoded name and value.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// One file part: a multipart part that carries a `filename` parameter (RFC 7578 §4.2).
    package struct File: Sendable, Equatable {
        /// The part's `name` parameter.
        package var name: String
        /// The part's `filename` parameter as sent; may be `""` (browsers send that when no file was chosen).
        package var filename: String
        /// The part's `Content-Type` header, when it has one.
        package var contentType: String?
        /// The part's content, byte for byte.
        package var bytes: [UInt8]

        /// Makes a file part from its pieces.
        package init(name: String, filename: String, contentType: String?, bytes: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.bytes = bytes
        }
    }

    /// Every text field, in order of arrival.
    package var fields: [Field]
    /// Every file part, in order of arrival.
    package var files: [File]

    /// Makes a view over already decoded fields and files.
    package init(fields: [Field] = [], files: [File] = []) {
        self.fields = fields
        self.files = files
    }

    /// The value of the first text field of that name; later duplicates lose (docs/api.md §1: first occurrence wins,
    /// query string before body).
    package subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every text value of that name, in order of arrival.
    package func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Whether a text field or a file part of that name arrived.
    package func contains(_ name: String) -> Bool {
        fields.contains { $0.name == name } || files.contains { $0.name == name }
    }

    /// The first file part of that name. A text field of the same name neither counts nor hides it: the official
    /// Python client sends `web_image=<path>` as a text field and then the file part itself.
    package func file(_ name: String) -> File? {
        files.first { $0.name == name }
    }
}
