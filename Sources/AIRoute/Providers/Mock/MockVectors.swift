/// The mock provider's embeddings: pseudo-random unit vectors seeded by a hash of the input, so
/// the same text always maps to the same vector (and different texts to nearly orthogonal ones).
enum MockVectors {
    /// The size used when neither the request nor the model declares one.
    static let defaultDimensions = 8
    /// The sizes the mock accepts.
    static let dimensionRange = 1...8192

    /// One seed per input: FNV-1a of each text's UTF-8 bytes, or of each token array.
    static func seeds(of input: EmbeddingInput) -> [UInt64] {
        switch input {
        case .string(let text): [FNV1a64.hash(text)]
        case .strings(let texts): texts.map(FNV1a64.hash)
        case .tokens(let tokens): [seed(tokens: tokens)]
        case .tokenArrays(let arrays): arrays.map(seed(tokens:))
        }
    }

    /// The seed of a pre-tokenized input (distinct from any text's).
    static func seed(tokens: [Int]) -> UInt64 {
        var hasher = FNV1a64()
        hasher.combine("tokens")
        for token in tokens { hasher.combine(token) }
        return hasher.value
    }

    /// A vector of `dimensions` floats drawn from SplitMix64(`seed`), L2-normalized.
    static func vector(seed: UInt64, dimensions: Int) -> [Float] {
        var random = SplitMix64(seed: seed)
        var vector = (0..<dimensions).map { _ in random.nextUnitFloat() }
        var norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 {
            vector[0] = 1
            norm = 1
        }
        return vector.map { $0 / norm }
    }
}
