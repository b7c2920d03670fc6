import path from 'node:path';
import { RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createSecretsClient } from '../../adapters/aws/index.ts';
import { rotateSigningKey } from '../../adapters/local/index.ts';
import { loadConfig } from '../../config.ts';
import { ConfigError } from '../../domain/errors.ts';
import { EXIT } from '../exit-codes.ts';

/**
 * `reportage keys rotate [--json]`: replaces the signing key of links, upload URLs and CSRF tokens
 * with a new random one. Links signed with the old key (they name it by id) keep working until
 * they expire; the server signs with the new key after it restarts (Lambda: its next cold start).
 * Use it when the key may have leaked, or on a schedule.
 *
 * Locally it rotates the data folder's key file. With `REPORTAGE_BACKEND=aws` it asks Secrets
 * Manager to rotate the secret `REPORTAGE_SIGNING_KEY_SECRET` names (`RotateSecret`, the same as
 * `aws secretsmanager rotate-secret`): the stack's rotation function makes the new version and
 * moves AWSCURRENT to it; the version it replaces becomes AWSPREVIOUS.
 */
export async function runKeysRotateCommand({ options }: { options: { json?: boolean } }): Promise<number> {
  const config = loadConfig();
  const now = new Date();
  if (config.backend === 'aws' && config.aws !== undefined) {
    const { aws } = config;
    if (aws.signingKeySecret === undefined) {
      throw new ConfigError({
        code: 'MISSING_CONFIG',
        message:
          "Environment variable REPORTAGE_SIGNING_KEY_SECRET is not set: set it to the stateful stack's SigningKeySecretArn output to rotate the signing key on AWS.",
        messageVi: 'Thiếu biến môi trường REPORTAGE_SIGNING_KEY_SECRET.',
        details: { variable: 'REPORTAGE_SIGNING_KEY_SECRET' },
      });
    }
    const secrets = createSecretsClient({ region: aws.region, endpoint: aws.endpoints.secretsmanager });
    try {
      const started = await secrets.send(new RotateSecretCommand({ SecretId: aws.signingKeySecret }));
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ secret: started.ARN ?? aws.signingKeySecret, versionId: started.VersionId ?? null, requestedAt: now.toISOString() })}\n`
          : `Rotation of ${started.ARN ?? aws.signingKeySecret} started (new version ${started.VersionId ?? '?'}). The previous key verifies the links it signed until they expire; functions sign with the new key from their next cold start.\n`,
      );
    } finally {
      secrets.destroy();
    }
    return EXIT.ok;
  }
  const rotated = rotateSigningKey({ file: path.join(config.dataDir, 'signing.key'), now });
  const ids = { current: rotated.current.id, retired: rotated.retired.id };
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ currentKeyId: ids.current, retiredKeyId: ids.retired, rotatedAt: now.toISOString() })}\n`
      : `Signing key rotated: new key ${ids.current}; ${ids.retired} verifies the links it signed until they expire. Restart \`reportage serve\` to sign with the new key.\n`,
  );
  return EXIT.ok;
}
