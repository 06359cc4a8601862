import TokenFiles

/// libFuzzer entry point: the input is an uploaded `doc` (a .docx to tokenize), the one file format a client sends
/// that the mock unpacks. Every input must either be refused with `unreadableUpload` or tokenize into a zip that the
/// same reader opens again, holding every entry of the upload plus the token URL; the check at create and the
/// build at download must agree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWordUpload(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let url = "http://canarytokens.localhost/about/abcdefghij0123456789klmno/index.html"
    let input = TokenFileInput(
        token: "abcdefghij0123456789klmno", kind: "doc-msword", url: url,
        hostname: "abcdefghij0123456789klmno.canarytokens.localhost", domain: "canarytokens.localhost", memo: "fuzz",
        created: 1_700_000_000, upload: bytes)
    let accepted = (try? WordUploadTokenizer.validate(bytes)) != nil
    let built: TokenDownload
    do {
        built = try OfficeBuilder(.docx).build(input)
    } catch {
        if accepted { fatalError("validateUpload accepted an upload that build refused: \(error)") }
        return 0
    }
    if !accepted { fatalError("validateUpload refused an upload that build tokenized") }
    guard let original = try? ZipReader(bytes), let output = try? ZipReader(built.bytes) else {
        fatalError("a tokenized upload does not open again")
    }
    let names = Set(output.entries.map(\.name))
    for entry in original.entries where !names.contains(entry.name) {
        fatalError("tokenizing dropped the entry \(entry.name)")
    }
    guard built.bytes.count > url.utf8.count else { fatalError("the tokenized file cannot hold the URL") }
    return 0
}
