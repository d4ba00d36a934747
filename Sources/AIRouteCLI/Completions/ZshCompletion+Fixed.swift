/// The parts of `completions/_airoute` that do not depend on the table.
extension ZshCompletion {
    static let header = """
        #compdef airoute
        # zsh completion for airoute.
        #
        # Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by
        # Sources/AIRouteCLI/Completions/ZshCompletion.swift; do not edit. Regenerate with:
        #   \(CompletionModel.regenerate)
        #
        # Install: copy to a directory of $fpath (e.g. ~/.zfunc, with fpath=(~/.zfunc $fpath) before
        # compinit in ~/.zshrc, or /usr/local/share/zsh/site-functions), then start a new shell.

        """

    static var poolsFunction: String {
        let awk = CompletionModel.poolNamesAwk.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return #"""
            # Completes a pool name, from `airoute pools --json` with the -c PATH of the command line;
            # offers nothing when airoute fails.
            _airoute_pools() {
                local exe=${(Q)_airoute_line[1]} config='' word json expl
                local -a args pools
                local -i i
                for (( i = 2; i <= $#_airoute_line; i++ )); do
                    word=${(Q)_airoute_line[i]}
                    case $word in
                        (-c|--config) config=${(Q)_airoute_line[i+1]} ;;
                        (--config=*) config=${word#--config=} ;;
                        (-c?*) config=${word#-c} ;;
                    esac
                done
                [[ $config == '~/'* ]] && config=$HOME/${config#'~/'}
                args=(--no-state)
                [[ -n $config ]] && args+=(--config "$config")
                json=$("$exe" "${args[@]}" pools --json 2>/dev/null </dev/null) || return 1
                pools=(${(f)"$(print -r -- "$json" | LC_ALL=C awk '
            \#(awk)
                ' 2>/dev/null)"})
                (( $#pools )) || return 1
                _wanted pools expl 'pool' compadd -a pools
            }

            """#
    }

    static let footer = """
        if [[ $funcstack[1] == _airoute ]]; then
            _airoute "$@"
        else
            compdef _airoute airoute
        fi

        """
}
