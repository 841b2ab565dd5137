// One `aws ecs` verb as a commander command: its flags become the ECS request (merged over
// --cli-input-json), the handler runs in-process, and the response is printed.
import { Command, Option } from 'commander';
import { EXIT_USAGE, reportFailure } from './errors.ts';
import { memberName, parseCliInputJson, parseStructure, parseStructureList, UsageError } from './input.ts';
import { render } from './output.ts';
import { openSession, withSessionFlags, type SessionFlags } from './session.ts';
import type { ParamSpec, VerbSpec } from './verbs.ts';

function optionOf(param: ParamSpec): Option {
  const value = param.type === 'bool' ? '' : param.type === 'strings' || param.type === 'structures' ? ' <values...>' : ' <value>';
  const option = new Option(`--${param.flag}${value}`, `${param.description}${param.required === true ? ' (required)' : ''}`);
  if (param.choices !== undefined) option.choices(param.choices);
  return option;
}

/** The ECS request from --cli-input-json and the flags (flags win). Pure apart from file:// reads. */
export function requestOf(verb: VerbSpec, options: Record<string, unknown>): Record<string, unknown> {
  const request: Record<string, unknown> = typeof options['cliInputJson'] === 'string' ? parseCliInputJson(options['cliInputJson']) : {};
  for (const param of verb.params) {
    const member = memberName(param.flag);
    const raw = options[member];
    if (raw === undefined) continue;
    switch (param.type) {
      case 'string':
      case 'bool':
      case 'strings':
        request[member] = raw;
        break;
      case 'int': {
        const n = Number(raw);
        if (!Number.isInteger(n)) throw new UsageError(`Invalid value for parameter --${param.flag}: "${String(raw)}" is not an integer.`);
        request[member] = n;
        break;
      }
      case 'structure':
        request[member] = parseStructure(String(raw), `--${param.flag}`);
        break;
      case 'structures':
        request[member] = parseStructureList(raw as string[], `--${param.flag}`);
        break;
    }
  }
  const missing = verb.params.filter((p) => p.required === true && request[memberName(p.flag)] === undefined);
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.map((p) => `--${p.flag}`).join(', ')}`);
  return request;
}

export function verbCommand(verb: VerbSpec): Command {
  const command = new Command(verb.name).description(verb.summary);
  for (const param of verb.params) command.addOption(optionOf(param));
  if (verb.cliInputJson === true) command.option('--cli-input-json <json>', `the whole ${verb.operation} request as JSON, or file://path`);
  withSessionFlags(command);
  command.addHelpText('after', `\nExample:\n  ${verb.example}\n`);
  command.action(async (options: Record<string, unknown> & SessionFlags) => {
    process.exitCode = await runVerb(verb, options);
  });
  return command;
}

export async function runVerb(verb: VerbSpec, options: Record<string, unknown> & SessionFlags): Promise<number> {
  try {
    const request = requestOf(verb, options);
    const ctx = openSession(options);
    const response = await verb.call(ctx, request);
    process.stdout.write(render(response, options.output, verb.operation));
    return 0;
  } catch (err) {
    return reportFailure(err, verb.name, verb.operation) || EXIT_USAGE;
  }
}
