/**
 * The completion scripts for bash, zsh, fish and PowerShell. Each one only gathers the words
 * before the cursor, calls `pingcli __complete <words...> =<current word>` and hands the
 * candidates to the shell; all the knowledge is in completion.ts, answered from the live
 * command tree. The wire format and directive bits follow Cobra's dynamic completion
 * protocol (https://github.com/spf13/cobra/blob/main/site/content/completions/_index.md),
 * which the Go pingcli uses.
 */

export const SHELLS = ["bash", "zsh", "fish", "powershell"] as const;
export type Shell = typeof SHELLS[number];

/** How to load each script, shown by `pingcli completion` and in the scripts themselves. */
export const INSTALL: Record<Shell, { now: string; always: string }> = {
  bash: {
    now: "source <(pingcli completion bash)",
    always: "pingcli completion bash > ~/.local/share/bash-completion/completions/pingcli",
  },
  zsh: {
    now: "source <(pingcli completion zsh)",
    always: 'pingcli completion zsh > "${fpath[1]}/_pingcli"',
  },
  fish: {
    now: "pingcli completion fish | source",
    always: "pingcli completion fish > ~/.config/fish/completions/pingcli.fish",
  },
  powershell: {
    now: "pingcli completion powershell | Out-String | Invoke-Expression",
    always: "Add the line above to your PowerShell profile ($PROFILE).",
  },
};

function header(shell: Shell, comment: string): string {
  return `${comment} ${shell} completion for pingcli.\n` +
    `${comment} Load it in this shell:   ${INSTALL[shell].now}\n` +
    `${comment} Load it for every shell: ${INSTALL[shell].always}\n`;
}

const BASH = `
__pingcli_complete() {
    local line="\${COMP_LINE:0:COMP_POINT}"
    local -a words
    read -r -a words <<< "$line"
    local cur=""
    if [[ \${#words[@]} -gt 1 && $line != *[[:space:]] ]]; then
        cur="\${words[\${#words[@]}-1]}"
        unset "words[\${#words[@]}-1]"
    fi
    local prog="\${words[0]/#\\~/$HOME}"
    local out
    out=$("$prog" __complete "\${words[@]:1}" "=$cur" 2>/dev/null) || return 0
    local directive="\${out##*:}"
    out="\${out%:*}"
    # Bash splits the word at '=' and ':' (COMP_WORDBREAKS): reply with the part after them.
    local strip=""
    if [[ $COMP_WORDBREAKS == *=* && $cur == *=* ]]; then strip="\${cur%=*}="; fi
    if [[ $COMP_WORDBREAKS == *:* && $cur == *:* && \${#cur} -gt 0 ]]; then
        local colon="\${cur%:*}:"
        if [[ \${#colon} -gt \${#strip} ]]; then strip="$colon"; fi
    fi
    COMPREPLY=()
    local entry
    while IFS= read -r entry; do
        [[ -z $entry ]] && continue
        COMPREPLY+=("\${entry%%$'\\t'*}")
    done <<< "$out"
    local i
    for i in "\${!COMPREPLY[@]}"; do COMPREPLY[i]="\${COMPREPLY[i]#"$strip"}"; done
    if (( directive & 2 )); then compopt -o nospace 2>/dev/null; fi
    if (( (directive & 4) == 0 && \${#COMPREPLY[@]} == 0 )); then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "\${cur#"$strip"}")
    fi
    return 0
}

complete -F __pingcli_complete pingcli
`;

const ZSH = `
_pingcli() {
    local -a args lines candidates suffix
    local out directive line value desc
    args=("\${(@)words[2,CURRENT-1]}")
    out=$(\${words[1]} __complete "\${args[@]}" "=\${words[CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    lines=("\${(@)lines[1,-2]}")
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        value=\${line%%$'\\t'*}
        desc=""
        [[ $line == *$'\\t'* ]] && desc=\${line#*$'\\t'}
        candidates+=("\${value//:/\\\\:}\${desc:+:$desc}")
    done
    (( directive & 2 )) && suffix=(-S '')
    if (( \${#candidates} )); then
        _describe -t pingcli 'pingcli' candidates "\${suffix[@]}"
    elif (( (directive & 4) == 0 )); then
        _files
    fi
}

# Register when sourced; run when autoloaded from $fpath.
if [ "$funcstack[1]" = "_pingcli" ]; then
    _pingcli "$@"
else
    compdef _pingcli pingcli
fi
`;

const FISH = `
function __pingcli_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l out (pingcli __complete $tokens[2..-1] "=$current" 2>/dev/null)
    or return
    test (count $out) -gt 0; or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    set -l candidates
    for line in $out
        test -n "$line"; and set -a candidates $line
    end
    # fish adds a space after a lone candidate; a second one stops that for "key=" answers.
    if test (math "bitand($directive, 2)") -ne 0; and test (count $candidates) -eq 1
        set -l value (string split -m 1 \\t -- $candidates[1])[1]
        set candidates $value $value.
    end
    test (count $candidates) -gt 0; and printf '%s\\n' $candidates
    if test (count $candidates) -eq 0; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path "$current"
    end
end

complete -c pingcli -f -a '(__pingcli_complete)'
`;

const POWERSHELL = `
Register-ArgumentCompleter -Native -CommandName 'pingcli' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    $words = @()
    foreach ($element in ($CommandAst.CommandElements | Select-Object -Skip 1)) {
        if ($element.Extent.StartOffset -ge $CursorPosition) { break }
        if ($WordToComplete -ne '' -and $element.Extent.EndOffset -ge $CursorPosition) { break }
        if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
            $words += $element.Value
        } else {
            $words += $element.Extent.Text
        }
    }
    $out = @(& pingcli __complete @words "=$WordToComplete" 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = [int]($out[-1].TrimStart(':'))
    $lines = @()
    if ($out.Count -gt 1) { $lines = $out[0..($out.Count - 2)] }
    foreach ($line in $lines) {
        if ($line -eq '') { continue }
        $parts = $line -split "\`t", 2
        $value = $parts[0]
        $tip = $value
        if ($parts.Count -gt 1 -and $parts[1] -ne '') { $tip = $parts[1] }
        $text = $value
        if (($directive -band 2) -eq 0) { $text = "$value " }
        [System.Management.Automation.CompletionResult]::new($text, $value, 'ParameterValue', $tip)
    }
}
`;

/** The completion script for `shell`. */
export function completionScript(shell: Shell): string {
  switch (shell) {
    case "bash":
      return header(shell, "#") + BASH;
    case "zsh":
      return "#compdef pingcli\n" + header(shell, "#") + ZSH;
    case "fish":
      return header(shell, "#") + FISH;
    case "powershell":
      return header(shell, "#") + POWERSHELL;
  }
}
