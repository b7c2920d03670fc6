import { randomBytes } from 'node:crypto';
import { GetSecretValueCommand, type GetSecretValueCommandOutput, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { MIN_SIGNING_KEY_BYTES, checkSigningKey, signingKeyId, type SigningKey, type SigningKeyRing } from '../../domain/index.ts';
import { errorNameOf } from './aws-clients.ts';
import { SigningKeySecretError } from './errors.ts';

/**
 * How long after the current key's version was made the previous key is still taken to have
 * signed. Each Lambda container reads the ring once, at its cold start: a container that was
 * warm when the rotation finished keeps signing with the previous key until Lambda recycles it
 * (AWS bounds a container's life in hours, without a documented figure). Links it signs then must
 * still verify in the new containers, so the previous key "retires" this long after the
 * rotation, and verifies until that plus the longest link lifetime (`findVerifyingKey`).
 */
export const PREVIOUS_KEY_SIGNING_GRACE_SECONDS = 12 * 3600;

/** The secret's value: JSON with the key in base64 (other fields are kept and ignored). */
const SecretValueSchema = z.looseObject({ key: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'expected base64') });

/** The JSON text a new version of the secret holds: 32 random bytes in base64. */
export function newSigningKeySecretString(): string {
  return JSON.stringify({ key: randomBytes(MIN_SIGNING_KEY_BYTES).toString('base64') });
}

/**
 * The key a version's value holds, checked: JSON `{ "key": "<base64>" }`, at least 32 bytes.
 *
 * @throws SigningKeySecretError `SIGNING_KEY_SECRET_MALFORMED`; ConfigError `SIGNING_KEY_TOO_SHORT`
 */
export function parseSigningKeySecret({
  value,
  secretId,
  stage,
}: {
  value: Pick<GetSecretValueCommandOutput, 'SecretString' | 'SecretBinary'>;
  secretId: string;
  stage: string;
}): Uint8Array {
  const malformed = (detail: string, cause?: unknown) =>
    new SigningKeySecretError({ problem: 'malformed', secretId, stage, detail, ...(cause === undefined ? {} : { cause }) });
  if (value.SecretString === undefined)
    throw malformed(value.SecretBinary === undefined ? 'the version has no value' : 'the version holds SecretBinary, not a JSON SecretString');
  let json: unknown;
  try {
    json = JSON.parse(value.SecretString);
  } catch (error) {
    throw malformed('its SecretString is not JSON', error);
  }
  const parsed = SecretValueSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformed(`${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return checkSigningKey({ key: new Uint8Array(Buffer.from(parsed.data.key, 'base64')), where: `the secret ${secretId} (${stage})` });
}

/**
 * The signing key ring kept in AWS Secrets Manager, read once per process (a Lambda cold start):
 *
 * - `AWSCURRENT` signs and verifies;
 * - `AWSPREVIOUS`, the version the last rotation moved `AWSCURRENT` away from, verifies the links
 *   it signed until they expire. Its `retiredAt` is when the current version was made
 *   (`CreatedDate`, which Secrets Manager returns with every version: the rotation's createSecret
 *   step) plus `PREVIOUS_KEY_SIGNING_GRACE_SECONDS` for containers still warm with the old ring.
 *   No field of the secret has to be kept in step for it, and no DescribeSecret grant is needed.
 *
 * Ids are derived from the key bytes (`signingKeyId`), as for the local key file.
 *
 * @throws SigningKeySecretError `SIGNING_KEY_SECRET_NOT_FOUND`, `_MALFORMED`, `_DENIED`, `_UNREADABLE`; ConfigError `SIGNING_KEY_TOO_SHORT`
 * @example const ring = await readSecretsManagerSigningKeys({ secrets: clients.secrets, secretId: aws.signingKeySecret });
 */
export async function readSecretsManagerSigningKeys({
  secrets,
  secretId,
  graceSeconds = PREVIOUS_KEY_SIGNING_GRACE_SECONDS,
}: {
  secrets: SecretsManagerClient;
  secretId: string;
  graceSeconds?: number;
}): Promise<SigningKeyRing> {
  const current = await getVersion({ secrets, secretId, stage: 'AWSCURRENT' });
  if (current === null) throw new SigningKeySecretError({ problem: 'not-found', secretId, stage: 'AWSCURRENT' });
  const currentKey = parseSigningKeySecret({ value: current, secretId, stage: 'AWSCURRENT' });
  const ring: SigningKeyRing = { current: { id: signingKeyId({ key: currentKey }), key: currentKey, retiredAt: null }, previous: [] };
  const previous = await getVersion({ secrets, secretId, stage: 'AWSPREVIOUS' });
  if (previous !== null) {
    const key = parseSigningKeySecret({ value: previous, secretId, stage: 'AWSPREVIOUS' });
    const madeAt = current.CreatedDate === undefined ? Date.now() : current.CreatedDate.getTime();
    const retired: SigningKey = { id: signingKeyId({ key }), key, retiredAt: Math.floor(madeAt / 1000) + graceSeconds };
    if (retired.id !== ring.current.id) ring.previous.push(retired);
  }
  return ring;
}

/** One staged version, or null when the secret has no version with that label (`AWSPREVIOUS` before the first rotation). */
async function getVersion({
  secrets,
  secretId,
  stage,
}: {
  secrets: SecretsManagerClient;
  secretId: string;
  stage: string;
}): Promise<GetSecretValueCommandOutput | null> {
  try {
    return await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  } catch (error) {
    const name = errorNameOf(error);
    if (name === 'ResourceNotFoundException') {
      if (stage === 'AWSPREVIOUS') return null;
      throw new SigningKeySecretError({ problem: 'not-found', secretId, stage, cause: error });
    }
    if (name === 'AccessDeniedException' || name === 'AccessDenied') throw new SigningKeySecretError({ problem: 'denied', secretId, stage, cause: error });
    throw new SigningKeySecretError({ problem: 'unreachable', secretId, stage, cause: error });
  }
}
