/// Parses byte sizes: a bare integer (bytes) or a number with a unit — `500KB`, `25MB`, `1.5 GB`,
/// `25MiB`. `KB`/`MB`/`GB` are powers of 1000, `KiB`/`MiB`/`GiB` powers of 1024; units are
/// case-insensitive; `B` means bytes.
enum ByteSizeParser {
    private static let units: [String: Double] = [
        "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "k": 1e3, "m": 1e6, "g": 1e9,
        "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824,
    ]

    /// The size in bytes, or `nil` when `text` is not a non-negative size.
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingBlanks()
        let numberPart = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !numberPart.isEmpty, numberPart.first != ".", numberPart.last != ".",
            numberPart.filter({ $0 == "." }).count <= 1, let value = Double(numberPart)
        else { return nil }
        let unitText = trimmed.dropFirst(numberPart.count).trimmingPrefixBlanks().lowercased()
        let multiplier: Double
        if unitText.isEmpty {
            guard !numberPart.contains(".") else { return nil }
            multiplier = 1
        } else {
            guard let unit = units[unitText] else { return nil }
            multiplier = unit
        }
        let bytes = (value * multiplier).rounded()
        guard bytes.isFinite, bytes < 9e18 else { return nil }
        return Int(bytes)
    }
}

extension Substring {
    /// The substring without leading spaces.
    fileprivate func trimmingPrefixBlanks() -> Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
