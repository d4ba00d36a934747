extension CommandTable {
    /// `chat`'s options that read or report on the exchange log.
    static let chatLogOptions: [OptionSpec] = [
        OptionSpec("continue", nil, .flag, "Continue the most recent logged conversation."),
        OptionSpec("conversation", nil, .value("id"), "Continue the logged conversation ID (airoute logs shows ids)."),
        OptionSpec("usage", "u", .flag, "Print token usage and estimated cost on stderr."),
    ]

    /// `airoute logs`.
    static let logs = CommandSpec(
        name: "logs", abstract: "Show logged chat exchanges: prompts, answers, routing, usage and cost.",
        arguments: "", argumentHelp: [],
        options: [
            OptionSpec(
                "count", "n", .value("n"),
                "How many of the latest exchanges (default: 3, all of a --conversation; 0: all)."),
            OptionSpec("conversation", nil, .value("id"), "Only this conversation, in order."),
            OptionSpec("query", "q", .value("text"), "Only exchanges whose prompt or answer contains TEXT."),
        ],
        discussion: """
            Every chat exchange is logged to logs.db in the state directory ($XDG_STATE_HOME/airoute);
            --no-log or AIROUTE_NOLOG=1 turns logging off for a run. After the command, -q is --query
            (before it, --quiet). Examples:
              airoute logs
              airoute logs -n 0 -q "slow start"
              airoute logs --json --conversation 3f2a9c01b7de | jq '.[].answer'
              sqlite3 ~/.local/state/airoute/logs.db 'SELECT member, sum(cost_usd) FROM exchanges GROUP BY 1'
            """, defaultPool: nil)
}
