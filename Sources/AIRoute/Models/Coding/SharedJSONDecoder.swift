import Foundation

/// One `JSONDecoder` for the provider answers decoded on every call and every streamed chunk,
/// instead of a new decoder (and its locked options) each time. Foundation's decoder is safe to
/// share between tasks: its options sit behind a lock, and airoute never changes them.
enum SharedJSONDecoder {
    static let decoder = JSONDecoder()
}
