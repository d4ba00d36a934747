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
            # Prints the values of key $1 (name: the pool names), one a line, from `airoute pools --json`
            # for pool $2 (all when empty), with the -c PATH of the command line; fails when airoute does.
            _airoute_config_values() {
                local exe=${(Q)_airoute_line[1]} config='' word json
                local -a args
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
                args+=(pools --json)
                [[ -n $2 ]] && args+=("$2")
                json=$("$exe" "${args[@]}" 2>/dev/null </dev/null) || return 1
                print -r -- "$json" | LC_ALL=C awk -v k="$1" '
            \#(awk)
                ' 2>/dev/null
            }

            # Completes a pool name of the configuration; offers nothing when airoute fails.
            _airoute_pools() {
                local expl
                local -a pools
                pools=(${(f)"$(_airoute_config_values name)"})
                (( $#pools )) || return 1
                _wanted pools expl 'pool' compadd -a pools
            }

            # Completes the values of key $1 (voices, formats) that the members of pool $2 declare.
            _airoute_configured() {
                local expl
                local -a values
                values=(${(f)"$(_airoute_config_values $1 $2)"})
                (( $#values )) || return 1
                _wanted $1 expl $1 compadd -a values
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
