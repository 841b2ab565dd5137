// `stevedore completion bash|zsh`: shell completion generated from the commander program,
// so every verb, flag and choice is offered as it is defined.
import { Command } from 'commander';

interface Entry {
  path: string;
  words: string[];
}

/** Every command path (`wait tasks-running`) with its subcommands, flags and choices. */
function entries(command: Command, path: string[] = []): Entry[] {
  const words = [...command.commands.map((c) => c.name()), ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)), ...command.options.flatMap((o) => o.argChoices ?? [])];
  return [{ path: path.join(' '), words: [...new Set(words)] }, ...command.commands.flatMap((c) => entries(c, [...path, c.name()]))];
}

export function bashCompletion(program: Command, name: string): string {
  const fn = `_${name.replace(/[^A-Za-z0-9]/g, '_')}_complete`;
  const all = entries(program);
  const known = all.filter((e) => e.path !== '').map((e) => `"${e.path}"`).join('|');
  const cases = all.map((e) => `    "${e.path}") words="${e.words.join(' ')}" ;;`).join('\n');
  return `# bash completion for ${name}: source <(${name} completion bash)
${fn}() {
  local cur w cand path="" i words=""
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    if [[ -z "$path" ]]; then cand="$w"; else cand="$path $w"; fi
    case "$cand" in
      ${known}) path="$cand" ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -o default -F ${fn} ${name}
`;
}

export function zshCompletion(program: Command, name: string): string {
  return `#compdef ${name}
# zsh completion for ${name}: source <(${name} completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program, name)}`;
}

export function completionCommand(program: Command, name: string): Command {
  return new Command('completion')
    .description('Print shell completion for bash or zsh')
    .argument('<shell>', 'bash or zsh')
    .addHelpText('after', `\nExample:\n  source <(${name} completion bash)     # or add it to ~/.bashrc; zsh: source <(${name} completion zsh)\n`)
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh') {
        process.stderr.write(`stevedore completion: unknown shell "${shell}" (bash or zsh)\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(shell === 'bash' ? bashCompletion(program, name) : zshCompletion(program, name));
    });
}
