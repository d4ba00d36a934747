/// The parts of `completions/airoute.fish` around the `complete` lines.
extension FishCompletion {
    static let header = """
        # fish completion for airoute.
        #
        # Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by
        # Sources/AIRouteCLI/Completions/FishCompletion.swift; do not edit. Regenerate with:
        #   \(CompletionModel.regenerate)
        #
        # Install: copy to ~/.config/fish/completions/airoute.fish (or
        # /usr/share/fish/vendor_completions.d/airoute.fish).

        """

    static func functions() -> String {
        let awk = CompletionModel.poolNamesAwk.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return #"""
            # Prints the subcommand and the positional arguments after it, one a line, as airoute's parser
            # would see them; fails when the command line does not parse.
            function __airoute_arguments
                set -l tokens (commandline -opc)
                set -e tokens[1]
                set -l specs \#(argparseSpecs)
                # A last option still waiting for its value is left out.
                argparse -i $specs -- $tokens 2>/dev/null; or argparse -i $specs -- $tokens[1..-2] 2>/dev/null
                or return 1
                if set -q argv[1]
                    printf '%s\n' $argv
                end
            end

            # Succeeds when no subcommand has been given yet.
            function __airoute_needs_command
                set -l arguments (__airoute_arguments); or return 1
                not set -q arguments[1]
            end

            # Succeeds when the subcommand is $argv[1] and, with a limit $argv[2], fewer positional
            # arguments than that follow it.
            function __airoute_using -a name limit
                set -l arguments (__airoute_arguments); or return 1
                test "$arguments[1]" = "$name"; or return 1
                test -z "$limit"; or test (count $arguments) -le "$limit"
            end

            # Prints the values of key $argv[1] (name: the pool names), one a line, from
            # `airoute pools --json` for pool $argv[2] (all when absent) with the -c PATH of the command
            # line; prints nothing when airoute fails.
            function __airoute_config_values -a key pool
                set -l tokens (commandline -opc)
                set -l exe $tokens[1]
                set -e tokens[1]
                set -l specs \#(argparseSpecs)
                argparse -i $specs -- $tokens 2>/dev/null; or argparse -i $specs -- $tokens[1..-2] 2>/dev/null
                set -l args --no-state
                if set -q _flag_config[1]
                    set -a args --config (string replace -r '^~/' "$HOME/" -- $_flag_config[-1])
                end
                set -a args pools --json
                if test -n "$pool"
                    set -a args $pool
                end
                set -l json ($exe $args 2>/dev/null </dev/null); or return 0
                printf '%s\n' $json | env LC_ALL=C awk -v k=$key '
            \#(awk)
                ' 2>/dev/null
            end

            # Prints the pool names of the configuration, one a line.
            function __airoute_pools
                __airoute_config_values name
            end

            """#
    }
}
