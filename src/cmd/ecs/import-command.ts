// `stevedore import FILE|-`: aws CLI output to manifests of this API (YAML, one document per
// object, with a comment per field that has no equivalent).
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { Document } from 'yaml';
import { importAwsOutput, type ImportResult } from '../../ecs-api/import/import-aws-output.ts';

/** The manifests as YAML documents, notes as comments above each (pure). */
export function renderImport(result: ImportResult, namespace?: string): string {
  return result.manifests
    .map(({ manifest, notes }) => {
      const object = namespace === undefined || manifest.kind === 'Cluster' ? manifest : { ...manifest, metadata: { ...manifest.metadata, namespace } };
      const doc = new Document(object);
      if (notes.length > 0) doc.commentBefore = notes.map((n) => ` import: ${n}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

async function readInput(source: string): Promise<string> {
  if (source !== '-') return readFile(source.startsWith('file://') ? source.slice(7) : source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function importCommand(): Command {
  return new Command('import')
    .description('Turn aws CLI output (describe-task-definition, describe-services, describe-clusters; several per file) into manifests')
    .argument('<file>', 'a file of aws CLI JSON output, or - for standard input')
    .option('-n, --namespace <namespace>', 'write this namespace into the manifests')
    .addOption(new Option('--output <format>', 'yaml manifests with comments, or json {manifests, skipped}').choices(['yaml', 'json']).default('yaml'))
    .addHelpText('after', '\nExample:\n  aws ecs describe-task-definition --task-definition web > web.json\n  stevedore import web.json > web.yaml && kubectl apply -f web.yaml\n')
    .action(async (source: string, flags: { namespace?: string; output: string }) => {
      let result: ImportResult;
      try {
        result = importAwsOutput(await readInput(source));
      } catch (err) {
        process.stderr.write(`stevedore import: ${(err as Error).message}\n`);
        process.exitCode = 252;
        return;
      }
      for (const skipped of result.skipped) process.stderr.write(`stevedore import: skipped ${skipped}\n`);
      process.stdout.write(flags.output === 'json' ? `${JSON.stringify(result, null, 4)}\n` : renderImport(result, flags.namespace));
      if (result.manifests.length === 0) process.exitCode = 1;
    });
}
