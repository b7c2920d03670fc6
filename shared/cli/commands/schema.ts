import { cutJsonSchema } from '../../domain/index.ts';
import { EXIT } from '../exit-codes.ts';

/** `reportage schema cut`: the JSON Schema of the cut document, for scripts and editors. */
export async function runSchemaCommand({ name }: { name: string }): Promise<number> {
  if (name !== 'cut') {
    process.stderr.write(`reportage: unknown schema "${name}" (known: cut)\n`);
    return EXIT.usage;
  }
  process.stdout.write(`${JSON.stringify(cutJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
