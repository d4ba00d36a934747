// Token usage of completions and streamed chunks, decoded on the hot path (see ``FastDecodable``).

extension Usage {
    static let declaredKeys = DeclaredKeys(CodingKeys.self)

    init?(fast json: FastJSON) {
        guard case .object = json,
            let prompt = json.integer("prompt_tokens", default: 0),
            let completion = json.integer("completion_tokens", default: 0),
            let total = json.optionalInteger("total_tokens"),
            json.isAbsent("estimated")  // airoute's own mark: left to Foundation
        else { return nil }
        self.init(
            promptTokens: prompt, completionTokens: completion, totalTokens: total,
            promptTokensDetails: json.optionalJSON("prompt_tokens_details"),
            completionTokensDetails: json.optionalJSON("completion_tokens_details"),
            extra: json.unknownMembers(Self.declaredKeys))
    }
}
