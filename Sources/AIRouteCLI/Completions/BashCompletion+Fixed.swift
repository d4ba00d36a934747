/// The parts of `completions/airoute.bash` that do not depend on the table.
extension BashCompletion {
    static let header = """
        # bash completion for airoute                                      -*- shell-script -*-
        #
        # Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by
        # Sources/AIRouteCLI/Completions/BashCompletion.swift; do not edit. Regenerate with:
        #   \(CompletionModel.regenerate)
        #
        # Install: copy to ~/.local/share/bash-completion/completions/airoute (or
        # /usr/share/bash-completion/completions/airoute), or source it from ~/.bashrc.

        """

    static let helpers = #"""
        # Adds the words among $2... that start with $1 to COMPREPLY.
        _airoute_add() {
            local prefix=$1 word
            shift
            for word in "$@"; do
                [[ $word == "$prefix"* ]] && COMPREPLY+=("$word")
            done
            return 0
        }

        # Completes the file names that start with $1.
        _airoute_files() {
            local file
            compopt -o filenames 2>/dev/null
            while IFS= read -r file; do
                COMPREPLY+=("$file")
            done < <(compgen -f -- "$1")
            return 0
        }

        # Completes the pool names that start with $1, from the configuration on the command line.
        _airoute_pools() {
            _airoute_configured "$1" name
        }

        # Completes the values of key $2 (voices, formats) that the members of pool $3 declare and
        # that start with $1, from the configuration on the command line.
        _airoute_configured() {
            local name
            while IFS= read -r name; do
                [[ -n $name && $name == "$1"* ]] && COMPREPLY+=("$name")
            done < <(_airoute_config_values "$_airoute_exe" "$_airoute_config" "$2" "$3")
            return 0
        }

        """#

    static var poolNames: String {
        let awk = CompletionModel.poolNamesAwk.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        return #"""
            # Prints the values of key $3 (name: the pool names), one a line, from `airoute pools --json`
            # ($1: the airoute executable, $2: a configuration file or empty, $4: a pool or empty for
            # all); prints nothing when airoute fails.
            _airoute_config_values() {
                local json
                local -a args=(--no-state)
                [[ -n $2 ]] && args+=(--config "$2")
                args+=(pools --json)
                [[ -n $4 ]] && args+=("$4")
                json=$("$1" "${args[@]}" 2>/dev/null </dev/null) || return 0
                printf '%s\n' "$json" | LC_ALL=C awk -v k="$3" '
            \#(awk)
                ' 2>/dev/null
            }

            """#
    }

    static let main = #"""
        # Completes the word under the cursor: finds the command, a -c PATH and the word's role as
        # airoute's parser would (packed short options, --opt=value, --), then offers what fits.
        _airoute() {
            COMPREPLY=()
            local cur=${COMP_WORDS[COMP_CWORD]} _airoute_exe=${COMP_WORDS[0]} _airoute_config=""
            local command="" option="" pending="" head="" word letter value i k n
            local ended=0 glue=0 positionals=0
            local -a words=()
            # The words before the cursor, with "--opt = value" (COMP_WORDBREAKS splits at =) joined.
            for ((i = 1; i < COMP_CWORD; i++)); do
                word=${COMP_WORDS[i]}
                n=${#words[@]}
                if ((glue)); then
                    words[n-1]+=$word
                    glue=0
                elif [[ $word == "=" && $n -gt 0 && ${words[n-1]} == --* && ${words[n-1]} != *=* ]]; then
                    words[n-1]+="="
                    glue=1
                else
                    words+=("$word")
                fi
            done
            # The value of --opt=value under the cursor: with or without = in COMP_WORDBREAKS.
            n=${#words[@]}
            if [[ $cur == "=" && $n -gt 0 && ${words[n-1]} == --* && ${words[n-1]} != *=* ]]; then
                option=${words[n-1]}
                unset 'words[n-1]'
                cur=""
            elif ((glue)); then
                option=${words[n-1]%=}
                unset 'words[n-1]'
            elif [[ $cur == --*=* ]]; then
                option=${cur%%=*}
                head=$option=
                cur=${cur#*=}
            fi
            n=${#words[@]}
            for ((i = 0; i < n; i++)); do
                word=${words[i]}
                if ((ended)) || [[ $word == - || $word != -* ]]; then
                    if [[ -z $command ]] && ((!ended)); then
                        command=$word
                    else
                        positionals=$((positionals + 1))
                    fi
                    continue
                fi
                case $word in
                    --) ended=1 ;;
                    --*=*) [[ ${word%%=*} == --config ]] && _airoute_config=${word#*=} ;;
                    --*)
                        if _airoute_takes_value "$command" "$word"; then
                            if ((i + 1 == n)); then
                                pending=$word
                            else
                                [[ $word == --config ]] && _airoute_config=${words[i+1]}
                                i=$((i + 1))
                            fi
                        fi
                        ;;
                    *)  # Short options, possibly packed: -vq, -mPOOL, -vc PATH.
                        for ((k = 1; k < ${#word}; k++)); do
                            letter=-${word:k:1}
                            _airoute_takes_value "$command" "$letter" || continue
                            if ((k + 1 < ${#word})); then
                                value=${word:k+1}
                            elif ((i + 1 == n)); then
                                pending=$letter
                                value=""
                            else
                                value=${words[i+1]}
                                i=$((i + 1))
                            fi
                            [[ $letter == -c ]] && _airoute_config=$value
                            break
                        done
                        ;;
                esac
            done
            [[ $_airoute_config == "~/"* ]] && _airoute_config=$HOME/${_airoute_config#"~/"}
            if [[ -n $option ]]; then
                _airoute_value "$command" "$option" "$cur"
                [[ -n $head && ${#COMPREPLY[@]} -gt 0 ]] && COMPREPLY=("${COMPREPLY[@]/#/$head}")
            elif [[ -n $pending ]]; then
                _airoute_value "$command" "$pending" "$cur"
            elif ((!ended)) && [[ $cur == -* ]]; then
                _airoute_options "$command" "$cur"
            else
                _airoute_arguments "$command" "$positionals" "$cur"
            fi
            return 0
        }

        complete -F _airoute airoute

        """#
}
