import AIRoute
import Foundation

/// `airoute embed`: TEXT arguments, or one input per line of standard input; prints one JSON
/// array per input (JSONL), or the whole response with `--json`.
struct EmbedCommand {
    let context: CommandContext
    let options: EmbedOptions

    func run() async throws -> ExitCode {
        var inputs = options.texts
        if inputs.isEmpty {
            let io = context.console.io
            guard !io.stdinIsTerminal else {
                throw CommandFailure("nothing to embed: give TEXT arguments or pipe one input per line", .usage)
            }
            let text = String(decoding: io.readIn(), as: UTF8.self)
            inputs = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
            }
            if inputs.last == "" { inputs.removeLast() }
            if let blank = inputs.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw CommandFailure("input line \(blank + 1) is empty: every line is one text to embed", .dataError)
            }
            guard !inputs.isEmpty else { throw CommandFailure("nothing to embed: standard input was empty", .dataError) }
        }
        let response = try await context.client.embeddings.create(
            EmbeddingRequest(model: options.model, input: .strings(inputs), dimensions: options.dimensions))
        context.console.failoverNotice(response.routing)
        if context.global.json {
            try context.printJSON(response)
            return .ok
        }
        var output = ""
        for item in response.data.sorted(by: { $0.index < $1.index }) {
            output += "[" + item.embedding.map { formatFloat($0) }.joined(separator: ",") + "]\n"
        }
        context.console.out(output)
        return .ok
    }

    private func formatFloat(_ value: Float) -> String {
        value.isFinite ? "\(value)" : "0"
    }
}
