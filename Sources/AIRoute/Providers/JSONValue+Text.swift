import Foundation

extension JSONValue {
    /// The value as compact JSON text.
    var jsonText: String {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
