import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConfigError, type ErrorCode } from '../../domain/errors.ts';
import { signingKeyId } from '../../domain/index.ts';
import { errorNameOf } from './aws-clients.ts';
import { newSigningKeySecretString, parseSigningKeySecret } from './secrets-manager-signing-keys.ts';

/** What Secrets Manager sends the rotation function, once per step (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html). */
export const RotationEventSchema = z.object({
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});
export type RotationEvent = z.infer<typeof RotationEventSchema>;

/** A rotation step that cannot go on (the secret is not set up for it, or the new version is bad). */
export class SigningKeyRotationError extends ConfigError {
  constructor({ code, message, secretId, token }: { code: ErrorCode; message: string; secretId: string; token: string }) {
    super({ code, message, messageVi: `Không xoay vòng được khóa ký ${secretId}: ${message}`, details: { secretId, token } });
  }
}

/**
 * One step of a rotation of the signing key secret, as Secrets Manager's rotation protocol asks:
 *
 * 1. `createSecret`: a new version with the token as its id, staged `AWSPENDING`, holding 32 new
 *    random bytes (`{"key": "<base64>"}`), unless a try of this rotation already made it;
 * 2. `setSecret`: nothing: no other system holds the key (a database password would be set here);
 * 3. `testSecret`: the pending version reads back as a usable key, different from the current one;
 * 4. `finishSecret`: `AWSCURRENT` moves to the new version; Secrets Manager moves `AWSPREVIOUS`
 *    to the version it left, which keeps verifying the links it signed until they expire.
 *
 * Each step may run again (Secrets Manager retries a failed step): each one checks what is
 * already done. Functions take the new key at their next cold start.
 *
 * @throws SigningKeyRotationError `SIGNING_KEY_ROTATION_NOT_ENABLED`, `SIGNING_KEY_ROTATION_UNKNOWN_VERSION`, `SIGNING_KEY_ROTATION_NOT_PENDING`, `SIGNING_KEY_ROTATION_SAME_KEY`
 */
export async function rotateSigningKeySecretStep({ secrets, event }: { secrets: SecretsManagerClient; event: RotationEvent }): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const fail = (code: ErrorCode, message: string) => new SigningKeyRotationError({ code, message, secretId, token });
  const described = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (described.RotationEnabled !== true) throw fail('SIGNING_KEY_ROTATION_NOT_ENABLED', `rotation is not enabled on the secret ${secretId}.`);
  const stages = described.VersionIdsToStages?.[token];
  if (stages === undefined) throw fail('SIGNING_KEY_ROTATION_UNKNOWN_VERSION', `the secret has no version ${token} to rotate to.`);
  if (stages.includes('AWSCURRENT')) return; // this rotation already finished
  if (!stages.includes('AWSPENDING')) throw fail('SIGNING_KEY_ROTATION_NOT_PENDING', `the version ${token} is not staged AWSPENDING.`);

  if (step === 'createSecret') {
    await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
    try {
      await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: 'AWSPENDING' }));
      return; // made by an earlier try of this step
    } catch (error) {
      if (errorNameOf(error) !== 'ResourceNotFoundException') throw error;
    }
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: newSigningKeySecretString(), VersionStages: ['AWSPENDING'] }),
    );
    return;
  }
  if (step === 'setSecret') return;
  if (step === 'testSecret') {
    const pending = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: token, VersionStage: 'AWSPENDING' }));
    const key = parseSigningKeySecret({ value: pending, secretId, stage: 'AWSPENDING' });
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
    // A damaged current version is what a rotation repairs: it is compared only when readable.
    const currentId = (() => {
      try {
        return signingKeyId({ key: parseSigningKeySecret({ value: current, secretId, stage: 'AWSCURRENT' }) });
      } catch {
        return null;
      }
    })();
    if (signingKeyId({ key }) === currentId) {
      throw fail('SIGNING_KEY_ROTATION_SAME_KEY', `the pending version ${token} holds the current key.`);
    }
    return;
  }
  const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
  await secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: token,
      ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
    }),
  );
}
