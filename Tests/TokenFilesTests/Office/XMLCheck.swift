import Foundation
import FoundationXML

/// Well-formedness and namespace check with libxml2 (FoundationXML's `XMLParser`). On Linux `parse()` can answer
/// true for an unclosed root, so the delegate also tracks depth and collects every error and element.
final class XMLCheck: NSObject, XMLParserDelegate {
    struct Element: Equatable {
        let namespace: String
        let name: String
        let attributes: [String: String]
    }

    private(set) var elements: [Element] = []
    private(set) var errors: [String] = []
    private var depth = 0
    private var roots = 0
    private var text = ""
    private(set) var texts: [String] = []

    /// Parses `bytes` with namespaces processed.
    init(_ bytes: [UInt8]) {
        super.init()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        let finished = parser.parse()
        if !finished { errors.append("parse() returned false") }
        if let error = parser.parserError { errors.append("parser error \(error)") }
        if depth != 0 { errors.append("\(depth) elements left open") }
        if roots != 1 { errors.append("\(roots) root elements") }
    }

    /// True when the document parsed with no error at all.
    var wellFormed: Bool { errors.isEmpty }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if depth == 0 { roots += 1 }
        depth += 1
        elements.append(Element(namespace: namespaceURI ?? "", name: elementName, attributes: attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        depth -= 1
        if !text.isEmpty { texts.append(text) }
        text = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        errors.append("\(parseError)")
    }

    /// Elements with that local name in that namespace.
    func elements(_ name: String, in namespace: String) -> [Element] {
        elements.filter { $0.name == name && $0.namespace == namespace }
    }
}
