/// A coding key made from any string or integer.
///
/// Used to read and write keys that are not known at compile time: the pass-through `extra`
/// parameters of requests and the members of a ``JSONValue`` object.
struct DynamicCodingKey: CodingKey, Hashable, Sendable {
    var stringValue: String
    var intValue: Int?

    init(_ stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(stringValue: String) {
        self.init(stringValue)
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
