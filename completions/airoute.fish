# fish completion for airoute.
#
# Generated from Sources/AIRouteCLI/Parsing/CommandTable.swift by
# Sources/AIRouteCLI/Completions/FishCompletion.swift; do not edit. Regenerate with:
#   AIROUTE_REGENERATE=1 swift test --filter CompletionsAndManTests
#
# Install: copy to ~/.config/fish/completions/airoute.fish (or
# /usr/share/fish/vendor_completions.d/airoute.fish).

# Prints the subcommand and the positional arguments after it, one a line, as airoute's parser
# would see them; fails when the command line does not parse.
function __airoute_arguments
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l specs 'c/config=' 'v/verbose' 'q/quiet' 'json' 'timeout=' 'no-state' 'no-log' 'h/help' 'version' 'm/model=' 's/system=' 't/temperature=' 'max-tokens=' 'no-stream' 'i/interactive' 'a/attach=' 'schema=' 'continue' 'conversation=' 'u/usage' 'dimensions=' 'voice=' 'format=' 'speed=' 'o/output=' 'force' 'language=' 'prompt=' 'n/count=' 'size=' 'quality=' 'probe=?' 'include=' 'strict' 'reset' 'listen=' 'query='
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
    set -l specs 'c/config=' 'v/verbose' 'q/quiet' 'json' 'timeout=' 'no-state' 'no-log' 'h/help' 'version' 'm/model=' 's/system=' 't/temperature=' 'max-tokens=' 'no-stream' 'i/interactive' 'a/attach=' 'schema=' 'continue' 'conversation=' 'u/usage' 'dimensions=' 'voice=' 'format=' 'speed=' 'o/output=' 'force' 'language=' 'prompt=' 'n/count=' 'size=' 'quality=' 'probe=?' 'include=' 'strict' 'reset' 'listen=' 'query='
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
end

# Prints the pool names of the configuration, one a line.
function __airoute_pools
    __airoute_config_values name
end

complete -c airoute -f

# Subcommands.
complete -c airoute -n __airoute_needs_command -a chat -d 'Chat with a pool: one-shot, piped, or an interactive REPL.'
complete -c airoute -n __airoute_needs_command -a embed -d 'Embed texts; prints one JSON array per input line.'
complete -c airoute -n __airoute_needs_command -a speak -d 'Turn text into speech, written to a file.'
complete -c airoute -n __airoute_needs_command -a transcribe -d 'Transcribe an audio file to text.'
complete -c airoute -n __airoute_needs_command -a image -d 'Generate images from a prompt, written to files.'
complete -c airoute -n __airoute_needs_command -a pools -d 'Show the pools, their members, capabilities and state.'
complete -c airoute -n __airoute_needs_command -a models -d 'List what each provider offers beside the configured models.'
complete -c airoute -n __airoute_needs_command -a health -d 'Show each member\'s health; exit 69 when a pool has no available member.'
complete -c airoute -n __airoute_needs_command -a serve -d 'Serve the pools over OpenAI\'s HTTP API, for any OpenAI SDK.'
complete -c airoute -n __airoute_needs_command -a config -d 'Find, write or check the configuration file.'
complete -c airoute -n __airoute_needs_command -a logs -d 'Show logged chat exchanges: prompts, answers, routing, usage and cost.'
complete -c airoute -n __airoute_needs_command -a help -d 'Show help for a command.'

# Global options, before or after the subcommand.
complete -c airoute -s c -l config -r -F -d 'Read the configuration from PATH.'
complete -c airoute -s v -l verbose -d 'Show notices, failovers and debug logs on stderr.'
complete -c airoute -s q -l quiet -d 'Show nothing but the payload and errors.'
complete -c airoute -l json -d 'Print one JSON object (the OpenAI-shaped response plus routing).'
complete -c airoute -l timeout -x -d 'One deadline for the whole call (e.g. 30s, 2m).'
complete -c airoute -l no-state -d 'Do not read or write the shared health file.'
complete -c airoute -l no-log -d 'Do not write this run\'s exchanges to the exchange log.'
complete -c airoute -s h -l help -d 'Show help information.'
complete -c airoute -l version -d 'Show the version.'

# airoute chat
complete -c airoute -n '__airoute_using chat' -s m -l model -x -a '(__airoute_pools)' -d 'The pool or model to use (default: text-generation).'
complete -c airoute -n '__airoute_using chat' -s s -l system -x -d 'The system prompt.'
complete -c airoute -n '__airoute_using chat' -s t -l temperature -x -d 'Sampling temperature (0-2).'
complete -c airoute -n '__airoute_using chat' -l max-tokens -x -d 'The most tokens to generate.'
complete -c airoute -n '__airoute_using chat' -l no-stream -d 'Wait for the whole answer instead of streaming it.'
complete -c airoute -n '__airoute_using chat' -s i -l interactive -d 'Start the REPL (after answering PROMPT, if given).'
complete -c airoute -n '__airoute_using chat' -s a -l attach -r -F -d 'Attach an image (PNG, JPEG, WebP, GIF) or audio (WAV, MP3) file, \'-\' for standard input, or an image URL; repeatable. Only members with vision (audio_input) are tried.'
complete -c airoute -n '__airoute_using chat' -l schema -r -F -d 'Answer in JSON matching this JSON Schema (a file, or inline JSON); prints only the JSON.'
complete -c airoute -n '__airoute_using chat' -l continue -d 'Continue the most recent logged conversation.'
complete -c airoute -n '__airoute_using chat' -l conversation -x -d 'Continue the logged conversation ID (airoute logs shows ids).'
complete -c airoute -n '__airoute_using chat' -s u -l usage -d 'Print token usage and estimated cost on stderr.'

# airoute embed
complete -c airoute -n '__airoute_using embed' -s m -l model -x -a '(__airoute_pools)' -d 'The pool or model to use (default: embeddings).'
complete -c airoute -n '__airoute_using embed' -l dimensions -x -d 'The vector size to request.'

# airoute speak
complete -c airoute -n '__airoute_using speak' -s m -l model -x -a '(__airoute_pools)' -d 'The pool or model to use (default: text-to-speech).'
complete -c airoute -n '__airoute_using speak' -l voice -x -a '(__airoute_config_values voices text-to-speech)' -d 'The voice (default: alloy).'
complete -c airoute -n '__airoute_using speak' -l format -x -a '(__airoute_config_values formats text-to-speech)' -d 'mp3, opus, aac, flac, wav or pcm (default: from the file extension).'
complete -c airoute -n '__airoute_using speak' -l speed -x -d 'Speaking speed, 0.25 to 4 (default: 1).'
complete -c airoute -n '__airoute_using speak' -s o -l output -r -F -d 'Write to FILE (\'-\' for standard output).'
complete -c airoute -n '__airoute_using speak' -l force -d 'Overwrite an existing output file.'

# airoute transcribe
complete -c airoute -n '__airoute_using transcribe' -s m -l model -x -a '(__airoute_pools)' -d 'The pool or model to use (default: speech-to-text).'
complete -c airoute -n '__airoute_using transcribe' -l language -x -d 'The spoken language (ISO-639-1, e.g. en).'
complete -c airoute -n '__airoute_using transcribe' -l prompt -x -d 'Text to guide the transcription\'s style or vocabulary.'
complete -c airoute -n '__airoute_using transcribe' -l format -x -a 'json text srt vtt verbose_json' -d 'json, text, srt, vtt or verbose_json (default: text).'
complete -c airoute -n '__airoute_using transcribe' -s o -l output -r -F -d 'Write to FILE (\'-\' for standard output).'
complete -c airoute -n '__airoute_using transcribe' -l force -d 'Overwrite an existing output file.'
complete -c airoute -n '__airoute_using transcribe 1' -F

# airoute image
complete -c airoute -n '__airoute_using image' -s m -l model -x -a '(__airoute_pools)' -d 'The pool or model to use (default: text-to-image).'
complete -c airoute -n '__airoute_using image' -s n -l count -x -d 'How many images (written as FILE-1 ... FILE-N).'
complete -c airoute -n '__airoute_using image' -l size -x -d 'Image size, e.g. 1024x1024.'
complete -c airoute -n '__airoute_using image' -l quality -x -d 'Quality, e.g. standard or hd.'
complete -c airoute -n '__airoute_using image' -s o -l output -r -F -d 'Write to FILE (\'-\' for standard output).'
complete -c airoute -n '__airoute_using image' -l force -d 'Overwrite an existing output file.'

# airoute pools
complete -c airoute -n '__airoute_using pools 1' -a '(__airoute_pools)'

# airoute models
complete -c airoute -n '__airoute_using models 1' -a '(__airoute_pools)'

# airoute health
complete -c airoute -n '__airoute_using health' -l probe -a 'live' -d 'Check each member now: model lists (free), or \'--probe=live\' for the smallest real request.'
complete -c airoute -n '__airoute_using health' -l include -x -a 'image' -d 'With --probe=live, also probe \'image\' generation (costs money).'
complete -c airoute -n '__airoute_using health' -l strict -d 'Also fail (exit 69) when any member is down.'
complete -c airoute -n '__airoute_using health' -l reset -d 'Forget recorded health: of a pool, of a member, or (alone) of all.'
complete -c airoute -n '__airoute_using health 1' -a '(__airoute_pools)'

# airoute serve
complete -c airoute -n '__airoute_using serve' -l listen -x -d 'Listen on HOST:PORT (default: server.listen, else 127.0.0.1:4000).'

# airoute config
complete -c airoute -n '__airoute_using config 1' -a 'path init check'

# airoute logs
complete -c airoute -n '__airoute_using logs' -s n -l count -x -d 'How many of the latest exchanges (default: 3, all of a --conversation; 0: all).'
complete -c airoute -n '__airoute_using logs' -l conversation -x -d 'Only this conversation, in order.'
complete -c airoute -n '__airoute_using logs' -s q -l query -x -d 'Only exchanges whose prompt or answer contains TEXT.'

# airoute help
complete -c airoute -n '__airoute_using help 1' -a chat -d 'Chat with a pool: one-shot, piped, or an interactive REPL.'
complete -c airoute -n '__airoute_using help 1' -a embed -d 'Embed texts; prints one JSON array per input line.'
complete -c airoute -n '__airoute_using help 1' -a speak -d 'Turn text into speech, written to a file.'
complete -c airoute -n '__airoute_using help 1' -a transcribe -d 'Transcribe an audio file to text.'
complete -c airoute -n '__airoute_using help 1' -a image -d 'Generate images from a prompt, written to files.'
complete -c airoute -n '__airoute_using help 1' -a pools -d 'Show the pools, their members, capabilities and state.'
complete -c airoute -n '__airoute_using help 1' -a models -d 'List what each provider offers beside the configured models.'
complete -c airoute -n '__airoute_using help 1' -a health -d 'Show each member\'s health; exit 69 when a pool has no available member.'
complete -c airoute -n '__airoute_using help 1' -a serve -d 'Serve the pools over OpenAI\'s HTTP API, for any OpenAI SDK.'
complete -c airoute -n '__airoute_using help 1' -a config -d 'Find, write or check the configuration file.'
complete -c airoute -n '__airoute_using help 1' -a logs -d 'Show logged chat exchanges: prompts, answers, routing, usage and cost.'
complete -c airoute -n '__airoute_using help 1' -a help -d 'Show help for a command.'
