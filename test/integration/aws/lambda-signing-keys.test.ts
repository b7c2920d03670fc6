import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as rotationHandler } from '../../../functions/rotate-signing-key.ts';
import { openLambdaRuntime } from '../../../functions/lib/lambda-runtime.ts';
import {
  PREVIOUS_KEY_SIGNING_GRACE_SECONDS,
  parseSigningKeySecret,
  readSecretsManagerSigningKeys,
  SigningKeySecretError,
} from '../../../shared/adapters/aws/index.ts';
import { signingKeyId, type SigningKeyRing } from '../../../shared/domain/index.ts';
import { downloadUrl, verifyDownload } from '../../../shared/web/signed-url.ts';
import { expectRejection } from '../../contracts/expect-rejection.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { asFunction } from '../../helpers/aws-iam/record-aws-calls.ts';
import { checkIamOfRecordedCalls } from '../../helpers/aws-iam/use-iam-recording.ts';
import type { RotationStepEvent } from '../../helpers/secrets-manager-emulator.ts';
import { runCli } from '../cli/cli-helpers.ts';
import { emulatorEnv, makeResources, type TestResources } from './aws-resources.ts';

const LINK_SECONDS = 3600;
const PATH = '/d/dai-hoi-2026/r-1';

/** A download link as the delivery page makes it: signed with the ring's current key, named by id. */
function linkOf({ ring, exp }: { ring: SigningKeyRing; exp: number }) {
  const query = new URL(downloadUrl({ keys: ring, path: PATH, file: 'master.mp4', exp, by: 'inv-1' }), 'http://x').searchParams;
  return { kid: query.get('kid')!, exp: query.get('exp')!, sig: query.get('sig')! };
}

function verify({ ring, link, at }: { ring: SigningKeyRing; link: ReturnType<typeof linkOf>; at: number }) {
  verifyDownload({
    signingKey: ring.current.key,
    keys: ring,
    kid: link.kid,
    maxLinkSeconds: LINK_SECONDS,
    path: PATH,
    file: 'master.mp4',
    exp: link.exp,
    by: 'inv-1',
    sig: link.sig,
    now: new Date(at * 1000),
  });
}

function codeOf(work: () => void): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/**
 * The signing key ring in Secrets Manager (shared/adapters/aws/secrets-manager-signing-keys.ts)
 * and its rotation function (functions/rotate-signing-key.ts), with the real SDK over HTTP
 * against the Secrets Manager emulator on 127.0.0.1 (test/helpers/secrets-manager-emulator.ts).
 * The rotation function's calls and the api's reads are checked against their roles at the end.
 */
describe('signing keys in Secrets Manager (emulator over HTTP)', () => {
  let emulators: Emulators;
  let resources: TestResources;
  let dataDir: string;
  const saved = {
    endpoint: process.env.REPORTAGE_SECRETSMANAGER_ENDPOINT,
    id: process.env.AWS_ACCESS_KEY_ID,
    secret: process.env.AWS_SECRET_ACCESS_KEY,
    region: process.env.AWS_REGION,
  };
  const steps: RotationStepEvent['Step'][] = [];

  beforeAll(async () => {
    emulators = await startEmulators();
    // The rotation function reads its endpoint and credentials from the environment, as on Lambda.
    process.env.REPORTAGE_SECRETSMANAGER_ENDPOINT = emulators.secretsManagerEndpoint;
    process.env.AWS_ACCESS_KEY_ID = emulators.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = emulators.credentials.secretAccessKey;
    process.env.AWS_REGION = emulators.region;
    // Where AWS invokes the Lambda, the emulator calls the handler; each step twice, as a retry by Secrets Manager would.
    // Its calls are the rotation function's, for the IAM check at the end of the file.
    emulators.secretsManager.rotationFunction = async (event) => {
      steps.push(event.Step);
      await asFunction('rotation', () => rotationHandler(event));
      await asFunction('rotation', () => rotationHandler(event));
    };
  });
  afterAll(async () => {
    await emulators?.close();
    for (const [name, value] of [
      ['REPORTAGE_SECRETSMANAGER_ENDPOINT', saved.endpoint],
      ['AWS_ACCESS_KEY_ID', saved.id],
      ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ['AWS_REGION', saved.region],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(async () => {
    resources = await makeResources({ emulators });
    dataDir = await mkdtemp(path.join(tmpdir(), 'reportage-signing-keys-'));
    steps.length = 0;
  });
  afterEach(async () => {
    await resources.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  // The api function's cold-start read.
  const read = () => asFunction('api', () => readSecretsManagerSigningKeys({ secrets: resources.clients.secrets, secretId: resources.signingKeySecretArn }));
  const rotate = () => resources.clients.secrets.send(new RotateSecretCommand({ SecretId: resources.signingKeySecretArn }));

  it('reads the ring: the AWSCURRENT key with its id, no previous key before the first rotation', async () => {
    const value = await resources.clients.secrets.send(new GetSecretValueCommand({ SecretId: resources.signingKeySecretArn }));
    const key = parseSigningKeySecret({ value, secretId: 'test', stage: 'AWSCURRENT' });
    const ring = await read();
    expect(ring.current).toEqual({ id: signingKeyId({ key }), key, retiredAt: null });
    expect(ring.current.key.length).toBe(32);
    expect(ring.previous).toEqual([]);
  });

  it("rotates through the handler's four steps: a new current key, and a link signed before still verifies until it expires while new links name the new key", async () => {
    const before = await read();
    const signedAt = Math.floor(Date.now() / 1000);
    const oldLink = linkOf({ ring: before, exp: signedAt + LINK_SECONDS });

    const rotated = await rotate();
    expect(steps).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const described = await resources.clients.secrets.send(new DescribeSecretCommand({ SecretId: resources.signingKeySecretArn }));
    expect(described.VersionIdsToStages?.[rotated.VersionId!]).toEqual(['AWSCURRENT']);
    expect(
      Object.values(described.VersionIdsToStages ?? {})
        .flat()
        .sort(),
    ).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);

    // A new cold start reads the rotated ring.
    const after = await read();
    expect(after.current.id).not.toBe(before.current.id);
    expect(after.current.key.length).toBe(32);
    expect(after.previous.map((k) => ({ id: k.id, key: k.key }))).toEqual([{ id: before.current.id, key: before.current.key }]);
    const retiredAt = after.previous[0]!.retiredAt!;
    expect(retiredAt).toBeGreaterThanOrEqual(signedAt + PREVIOUS_KEY_SIGNING_GRACE_SECONDS - 5);
    expect(retiredAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + PREVIOUS_KEY_SIGNING_GRACE_SECONDS + 1);

    const now = Math.floor(Date.now() / 1000);
    expect(codeOf(() => verify({ ring: after, link: oldLink, at: now }))).toBeNull();
    expect(codeOf(() => verify({ ring: after, link: oldLink, at: Number(oldLink.exp) + 1 }))).toBe('LINK_EXPIRED');
    // Past the previous key's window, its links are refused as unsigned (nothing it signed can still be valid).
    expect(codeOf(() => verify({ ring: after, link: oldLink, at: retiredAt + LINK_SECONDS + 1 }))).toBe('SIGNATURE_INVALID');

    const newLink = linkOf({ ring: after, exp: now + LINK_SECONDS });
    expect(newLink.kid).toBe(after.current.id);
    expect(codeOf(() => verify({ ring: after, link: newLink, at: now }))).toBeNull();
    // The old ring (a container still warm) does not know the new key.
    expect(codeOf(() => verify({ ring: before, link: newLink, at: now }))).toBe('SIGNATURE_INVALID');
  });

  it('keeps one previous key: after a second rotation, links of the first key no longer verify', async () => {
    const first = await read();
    const firstLink = linkOf({ ring: first, exp: Math.floor(Date.now() / 1000) + LINK_SECONDS });
    await rotate();
    const second = await read();
    const secondLink = linkOf({ ring: second, exp: Math.floor(Date.now() / 1000) + LINK_SECONDS });
    await rotate();
    const third = await read();
    expect(third.previous.map((k) => k.id)).toEqual([second.current.id]);
    const now = Math.floor(Date.now() / 1000);
    expect(codeOf(() => verify({ ring: third, link: secondLink, at: now }))).toBeNull();
    expect(codeOf(() => verify({ ring: third, link: firstLink, at: now }))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a missing secret, a value that is not the JSON the rotation writes, a short key and a role that may not read it, each with its code', async () => {
    const { secrets } = resources.clients;
    const missing = await expectRejection({
      call: () => readSecretsManagerSigningKeys({ secrets, secretId: 'no-such-secret' }),
      code: 'SIGNING_KEY_SECRET_NOT_FOUND',
      type: SigningKeySecretError,
    });
    expect(missing.message).toMatch(/REPORTAGE_SIGNING_KEY_SECRET/);
    expect(missing.messageVi).toMatch(/Không tìm thấy khóa ký/);

    const make = async (name: string, value: string) =>
      (await secrets.send(new CreateSecretCommand({ Name: `${name}-${resources.tableName}`, SecretString: value }))).ARN!;
    const notJson = await make('not-json', 'k3y-in-plain-text');
    const error = await expectRejection({ call: () => readSecretsManagerSigningKeys({ secrets, secretId: notJson }), code: 'SIGNING_KEY_SECRET_MALFORMED' });
    expect(error.message).toMatch(/not JSON/);
    expect(error.messageVi).toMatch(/không đúng định dạng/);
    const noKey = await make('no-key', '{"password":"x"}');
    await expectRejection({ call: () => readSecretsManagerSigningKeys({ secrets, secretId: noKey }), code: 'SIGNING_KEY_SECRET_MALFORMED' });
    const notBase64 = await make('not-base64', '{"key":"ü not base64 ü"}');
    await expectRejection({ call: () => readSecretsManagerSigningKeys({ secrets, secretId: notBase64 }), code: 'SIGNING_KEY_SECRET_MALFORMED' });
    const shortKey = await make('short', JSON.stringify({ key: Buffer.alloc(16, 7).toString('base64') }));
    const short = await expectRejection({ call: () => readSecretsManagerSigningKeys({ secrets, secretId: shortKey }), code: 'SIGNING_KEY_TOO_SHORT' });
    expect(short.message).toMatch(/16 bytes/);

    // A damaged AWSPREVIOUS is refused too, never silently dropped.
    const damaged = await make('damaged-previous', JSON.stringify({ key: Buffer.alloc(32, 1).toString('base64') }));
    await secrets.send(new PutSecretValueCommand({ SecretId: damaged, SecretString: '{"key":"c2hvcnQ="}', VersionStages: ['AWSPREVIOUS'] }));
    await expectRejection({ call: () => readSecretsManagerSigningKeys({ secrets, secretId: damaged }), code: 'SIGNING_KEY_TOO_SHORT' });

    emulators.secretsManager.deny({ secretId: resources.signingKeySecretArn, operation: 'GetSecretValue' });
    const denied = await expectRejection({ call: () => read(), code: 'SIGNING_KEY_SECRET_DENIED' });
    expect(denied.message).toMatch(/secretsmanager:GetSecretValue/);
    expect(denied.retryable).toBe(false);
  });

  it('a rotation that fails a step (its pending version lost) leaves AWSCURRENT where it was', async () => {
    const before = await read();
    const saved = emulators.secretsManager.rotationFunction;
    emulators.secretsManager.rotationFunction = async (event) => {
      await rotationHandler(event);
      // Something else writes a bad pending value between createSecret and testSecret.
      if (event.Step === 'setSecret') {
        await resources.clients.secrets.send(
          new PutSecretValueCommand({
            SecretId: event.SecretId,
            ClientRequestToken: `${event.ClientRequestToken}-x`,
            SecretString: '{}',
            VersionStages: ['AWSPENDING'],
          }),
        );
      }
    };
    try {
      await expect(rotate()).rejects.toThrow(/testSecret|finishSecret|staged AWSPENDING|has no version/);
    } finally {
      emulators.secretsManager.rotationFunction = saved;
    }
    expect((await read()).current.id).toBe(before.current.id);
  });

  it('the Lambda runtime reads the ring once per cold start, and only when the function was given the secret', async () => {
    const env = emulatorEnv({ emulators, resources, dataDir });
    const runtime = await openLambdaRuntime({ env });
    try {
      const first = await runtime.signingKeys();
      await rotate();
      expect(await runtime.signingKeys()).toBe(first); // a warm container keeps its ring
      const cold = await openLambdaRuntime({ env });
      expect((await cold.signingKeys()).previous.map((k) => k.id)).toEqual([first.current.id]);
      await cold.backend.close();
    } finally {
      await runtime.backend.close();
    }
    const { REPORTAGE_SIGNING_KEY_SECRET: _unused, ...withoutSecret } = env;
    const worker = await openLambdaRuntime({ env: withoutSecret });
    try {
      await expectRejection({ call: () => worker.signingKeys(), code: 'MISSING_CONFIG' });
    } finally {
      await worker.backend.close();
    }
  });

  it('`reportage keys rotate` on the aws backend asks Secrets Manager to rotate the secret, and says so', async () => {
    const before = await read();
    const env = emulatorEnv({ emulators, resources, dataDir });
    const result = await runCli({ args: ['keys', 'rotate', '--json'], env: { ...env, REPORTAGE_LOG_LEVEL: 'error' } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ secret: resources.signingKeySecretArn, versionId: expect.any(String) });
    const after = await read();
    expect(after.previous.map((k) => k.id)).toEqual([before.current.id]);
    const { REPORTAGE_SIGNING_KEY_SECRET: _unused, ...withoutSecret } = env;
    const refused = await runCli({ args: ['keys', 'rotate'], env: { ...withoutSecret, REPORTAGE_LOG_LEVEL: 'error' } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/REPORTAGE_SIGNING_KEY_SECRET/);
  });

  checkIamOfRecordedCalls({ file: import.meta.filename });
});
