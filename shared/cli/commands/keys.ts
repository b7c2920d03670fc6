import path from 'node:path';
import { awsBackendOptions, createAwsBackend, rotateDynamoSigningKey } from '../../adapters/aws/index.ts';
import { rotateSigningKey } from '../../adapters/local/index.ts';
import { loadConfig } from '../../config.ts';
import { EXIT } from '../exit-codes.ts';

/**
 * `reportage keys rotate [--json]`: replaces the signing key of links, upload URLs and CSRF tokens
 * with a new random one. Links signed with the old key (they name it by id) keep working until
 * they expire; the server signs with the new key after it restarts (Lambda: its next cold start).
 * Use it when the key may have leaked, or on a schedule.
 */
export async function runKeysRotateCommand({ options }: { options: { json?: boolean } }): Promise<number> {
  const config = loadConfig();
  const now = new Date();
  let ids: { current: string; retired: string };
  if (config.backend === 'aws' && config.aws !== undefined) {
    const backend = createAwsBackend(awsBackendOptions({ aws: config.aws, maxAttempts: config.jobs.maxAttempts, dataDir: config.dataDir }));
    try {
      ids = await rotateDynamoSigningKey({ table: backend.table, now });
    } finally {
      await backend.close();
    }
  } else {
    const rotated = rotateSigningKey({ file: path.join(config.dataDir, 'signing.key'), now });
    ids = { current: rotated.current.id, retired: rotated.retired.id };
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ currentKeyId: ids.current, retiredKeyId: ids.retired, rotatedAt: now.toISOString() })}\n`
      : `Signing key rotated: new key ${ids.current}; ${ids.retired} verifies the links it signed until they expire. Restart \`reportage serve\` to sign with the new key.\n`,
  );
  return EXIT.ok;
}
