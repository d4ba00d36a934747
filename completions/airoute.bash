# bash completion for airoute                                      -*- shell-script -*-
#
# Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by
# Sources/AIRouteCLI/Completions/BashCompletion.swift; do not edit. Regenerate with:
#   AIROUTE_REGENERATE=1 swift test --filter CompletionsAndManTests
#
# Install: copy to ~/.local/share/bash-completion/completions/airoute (or
# /usr/share/bash-completion/completions/airoute), or source it from ~/.bashrc.

# Succeeds when option $2 takes its value in the next word, for command $1 (empty before it).
_airoute_takes_value() {
    case $2 in
        -c|--config|--timeout) return 0 ;;
    esac
    case $1 in
        chat) case $2 in -m|--model|-s|--system|-t|--temperature|--max-tokens|-a|--attach|--schema|--conversation) return 0 ;; esac ;;
        embed) case $2 in -m|--model|--dimensions) return 0 ;; esac ;;
        speak) case $2 in -m|--model|--voice|--format|--speed|-o|--output) return 0 ;; esac ;;
        transcribe) case $2 in -m|--model|--language|--prompt|--format|-o|--output) return 0 ;; esac ;;
        image) case $2 in -m|--model|-n|--count|--size|--quality|-o|--output) return 0 ;; esac ;;
        health) case $2 in --include) return 0 ;; esac ;;
        serve) case $2 in --listen) return 0 ;; esac ;;
        logs) case $2 in -n|--count|--conversation|-q|--query) return 0 ;; esac ;;
    esac
    return 1
}

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
        BEGIN { q = sprintf("%c", 34); b = sprintf("%c", 92) }
        { t = t $0 " " }
        END {
            n = length(t); d = 0; key = 0; want = 0; top = ""; list = 0
            for (i = 1; i <= n; i++) {
                c = substr(t, i, 1)
                if (c == q) {
                    s = ""
                    for (i++; i <= n; i++) {
                        c = substr(t, i, 1)
                        if (c == q) break
                        if (c == b) { i++; c = substr(t, i, 1) }
                        s = s c
                    }
                    if (top == "[" && (want || (list && d == list)) && !(s in seen)) { seen[s] = 1; print s }
                    want = 0; key = (s == k && (k != "name" || d == 2))
                } else if (c == ":") {
                    want = key; key = 0
                } else if (c == "{" || c == "[") {
                    if (d == 0) top = c
                    d++
                    if (want && c == "[") list = d
                    want = 0; key = 0
                } else if (c == "}" || c == "]") {
                    if (d == list) list = 0
                    d--; want = 0; key = 0
                } else if (c > " ") {
                    want = 0; key = 0
                }
            }
        }
    ' 2>/dev/null
}

# Completes the value, starting with $3, of option $2 of command $1.
_airoute_value() {
    case $2 in
        -c|--config) _airoute_files "$3"; return 0 ;;
    esac
    case $1 in
        chat) case $2 in
            -m|--model) _airoute_pools "$3" ;;
            -a|--attach) _airoute_files "$3" ;;
            --schema) _airoute_files "$3" ;;
        esac ;;
        embed) case $2 in
            -m|--model) _airoute_pools "$3" ;;
        esac ;;
        speak) case $2 in
            -m|--model) _airoute_pools "$3" ;;
            --voice) _airoute_configured "$3" voices text-to-speech ;;
            --format) _airoute_configured "$3" formats text-to-speech ;;
            -o|--output) _airoute_files "$3" ;;
        esac ;;
        transcribe) case $2 in
            -m|--model) _airoute_pools "$3" ;;
            --format) _airoute_add "$3" json text srt vtt verbose_json ;;
            -o|--output) _airoute_files "$3" ;;
        esac ;;
        image) case $2 in
            -m|--model) _airoute_pools "$3" ;;
            -o|--output) _airoute_files "$3" ;;
        esac ;;
        health) case $2 in
            --probe) _airoute_add "$3" live ;;
            --include) _airoute_add "$3" image ;;
        esac ;;
    esac
    return 0
}

# Completes the options, starting with $2, of command $1 (only the global ones before it).
_airoute_options() {
    _airoute_add "$2" --config -c --verbose -v --quiet -q --json --timeout --no-state --no-log --help -h --version
    case $1 in
        chat) _airoute_add "$2" --model -m --system -s --temperature -t --max-tokens --no-stream --interactive -i --attach -a --schema --continue --conversation --usage -u ;;
        embed) _airoute_add "$2" --model -m --dimensions ;;
        speak) _airoute_add "$2" --model -m --voice --format --speed --output -o --force ;;
        transcribe) _airoute_add "$2" --model -m --language --prompt --format --output -o --force ;;
        image) _airoute_add "$2" --model -m --count -n --size --quality --output -o --force ;;
        health) _airoute_add "$2" --probe --include --strict --reset ;;
        serve) _airoute_add "$2" --listen ;;
        logs) _airoute_add "$2" --count -n --conversation --query -q ;;
    esac
    return 0
}

# Completes the argument, starting with $3, of command $1 that follows $2 others.
_airoute_arguments() {
    case $1 in
        "") _airoute_add "$3" chat embed speak transcribe image pools models health serve config logs help ;;
        transcribe) (($2 == 0)) && _airoute_files "$3" ;;
        pools|models|health) (($2 == 0)) && _airoute_pools "$3" ;;
        help) (($2 == 0)) && _airoute_add "$3" chat embed speak transcribe image pools models health serve config logs help ;;
        config) (($2 == 0)) && _airoute_add "$3" path init check || _airoute_files "$3" ;;
    esac
    return 0
}

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
