import Foundation
import RampartCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reading AWS answers: JSON (JSON 1.1 and REST-JSON services) and XML (Query and REST-XML services) both into
/// template values, with XML lists (`<member>`, `<item>`) as arrays; and the error code of a failed call.
enum AWSAnswer {
    static let throttlingCodes: Set<String> = ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"]

    static func json(_ body: [UInt8]) -> TemplateValue? {
        guard !body.isEmpty else { return .object([:]) }
        return try? TemplateValue.parse(json: body)
    }

    /// An XML document as a value: the root element's content.
    static func xml(_ body: [UInt8]) -> TemplateValue? {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(body))
        parser.delegate = builder
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = builder.root else { return nil }
        return root.value
    }

    /// The error code of a failed answer in either encoding (`__type`, `code`, `<Code>`).
    static func errorCode(_ body: [UInt8]) -> String? {
        if let json = json(body), let type = (json["__type"] ?? json["code"] ?? json["Code"])?.string {
            return type.split(separator: "#").last.map(String.init)
        }
        guard let xml = xml(body) else { return nil }
        return (xml.at("Error", "Code") ?? xml.at("Errors", "Error", "Code") ?? xml["Code"])?.string
    }
}

/// Builds an element tree with SAX callbacks.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        var children: [Element] = []
        var text = ""
        init(name: String) { self.name = name }

        var value: TemplateValue {
            guard !children.isEmpty else { return .string(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if children.allSatisfy({ $0.name == "member" || $0.name == "item" }) { return .array(children.map(\.value)) }
            // A name that repeats is a flattened list (S3's <Rule>, <Statement>).
            var groups: [String: [TemplateValue]] = [:]
            for child in children { groups[child.name, default: []].append(child.value) }
            return .object(groups.mapValues { $0.count == 1 ? $0[0] : .array($0) })
        }
    }

    var stack: [Element] = []
    var root: Element?
    var depth = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        guard depth < 100 else { parser.abortParsing(); return }
        let element = Element(name: name)
        stack.last?.children.append(element)
        if stack.isEmpty { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        _ = stack.popLast()
    }
}
