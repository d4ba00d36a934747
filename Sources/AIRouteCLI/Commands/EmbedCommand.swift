import AIRoute
import Foundation

/// `airoute embed`: TEXT arguments, or one input per line of standard input (``TextInput``);
/// prints one JSON array per input (JSONL), or the whole response with `--json`. Blank inputs are
/// skipped with one warning, so the output has one line per non-blank input, in order; nothing is
/// printed unless every vector arrived (the library batches the inputs to each member's limit).
struct EmbedCommand {
    let context: CommandContext
    let options: EmbedOptions

    func run() async throws -> ExitCode {
        let inputs = try readInputs()
        let response = try await context.client.embeddings.create(
            EmbeddingRequest(model: options.model, input: .strings(inputs), dimensions: options.dimensions))
        context.console.failoverNotice(response.routing)
        if context.global.json {
            try context.printJSON(response)
            return .ok
        }
        var output = ""
        for vector in response.vectors {
            output += "[" + vector.map { formatFloat($0) }.joined(separator: ",") + "]\n"
        }
        context.console.out(output)
        return .ok
    }

    /// The non-blank inputs: the arguments, or the lines of standard input.
    func readInputs() throws(CommandFailure) -> [String] {
        let io = context.console.io
        let piped = try TextInput.readsStandardInput(
            options.texts, io: io, missing: "nothing to embed: give TEXT arguments or pipe one input per line")
        var inputs = options.texts
        if piped {
            inputs = try TextInput.standardInput(io).split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
            }
            if inputs.last == "" { inputs.removeLast() }
        }
        let blank = inputs.indices.filter { inputs[$0].allSatisfy(\.isWhitespace) }
        guard blank.count < inputs.count else {
            throw CommandFailure(
                "nothing to embed: \(piped ? "standard input has no text" : "every argument is blank")", .dataError)
        }
        if !blank.isEmpty {
            let what = piped ? "line" : "argument"
            let shown = blank.prefix(5).map { String($0 + 1) }.joined(separator: ", ") + (blank.count > 5 ? ", …" : "")
            context.console.warning(
                "skipped \(blank.count) blank \(what)\(blank.count == 1 ? "" : "s") (\(shown)): "
                    + "the output has one vector per non-blank \(what)")
            let skipped = Set(blank)
            inputs = inputs.indices.filter { !skipped.contains($0) }.map { inputs[$0] }
        }
        return inputs
    }

    private func formatFloat(_ value: Float) -> String {
        value.isFinite ? "\(value)" : "0"
    }
}
