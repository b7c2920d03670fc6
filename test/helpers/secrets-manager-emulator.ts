/**
 * A small AWS Secrets Manager emulator on 127.0.0.1, for the tests and `scripts/emulators.ts`.
 *
 * Why it exists: the signing key ring lives in Secrets Manager on AWS, and its adapter and the
 * rotation function must be tested over HTTP with the real `@aws-sdk/client-secrets-manager`, as
 * the S3, SQS and DynamoDB adapters are (fauxqs, dynalite). No Secrets Manager emulator is
 * available from the npm registry this project can reach (LocalStack and moto are Python and
 * Docker), so this one speaks the service's AWS JSON 1.1 protocol (`POST /`,
 * `X-Amz-Target: secretsmanager.<Operation>`, errors as `{ "__type", "message" }` with status
 * 400) for exactly the operations the product calls:
 *
 * - `CreateSecret`, `GetSecretValue` (by `VersionStage` and/or `VersionId`), `PutSecretValue`
 *   (with `VersionStages`), `DescribeSecret` (`VersionIdsToStages`, `RotationEnabled`),
 *   `UpdateSecretVersionStage` (moving `AWSCURRENT` puts `AWSPREVIOUS` on the version it left,
 *   as AWS does);
 * - `RotateSecret`: as AWS, a version stub staged `AWSPENDING` under a new token, then the four
 *   steps of the rotation function given to the emulator (`rotationFunction`: the handler itself,
 *   called in-process where AWS would invoke the Lambda), then `AWSPENDING` removed. Unlike AWS,
 *   it answers after the steps ran, and a failed step fails the call (`InvalidRequestException`
 *   naming the step), so a test sees the outcome at once.
 *
 * Errors use AWS's names: `ResourceNotFoundException`, `ResourceExistsException`,
 * `InvalidParameterException`, `InvalidRequestException`, and `AccessDeniedException` for the
 * operations a test denies (`deny`). Signatures are not checked. State is in memory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The account in the ARNs this emulator makes (the IAM tests' account). */
export const SECRETS_EMULATOR_ACCOUNT = '123456789012';

/** The event Secrets Manager sends a rotation function for each step. */
export interface RotationStepEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

export interface SecretsManagerEmulator {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** What `RotateSecret` invokes, step by step (the rotation function's handler). Unset: RotateSecret is refused, as on AWS without a rotation function. */
  rotationFunction: ((event: RotationStepEvent) => Promise<void>) | undefined;
  /** Answers `AccessDeniedException` to `operation` (e.g. `GetSecretValue`) on the secret named or ARN'd `secretId` from now on. */
  deny(options: { secretId: string; operation: string }): void;
  close(): Promise<void>;
}

interface Version {
  id: string;
  secretString: string | undefined;
  createdDate: number;
  stages: Set<string>;
}

interface Secret {
  arn: string;
  name: string;
  createdDate: number;
  rotationEnabled: boolean;
  rotationLambdaArn: string | undefined;
  rotationRules: Record<string, unknown> | undefined;
  lastRotatedDate: number | undefined;
  versions: Map<string, Version>;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Input = Record<string, unknown>;

/**
 * Starts the emulator on 127.0.0.1 (a random port unless given).
 *
 * @example
 * const secrets = await startSecretsManagerEmulator({ region: 'us-east-1' });
 * new SecretsManagerClient({ endpoint: secrets.endpoint, region: 'us-east-1', credentials })
 */
export async function startSecretsManagerEmulator({ port = 0, region }: { port?: number; region: string }): Promise<SecretsManagerEmulator> {
  const secrets = new Map<string, Secret>();
  const denied = new Set<string>();
  const now = () => Date.now() / 1000;

  const find = (secretId: unknown): Secret => {
    const id = String(secretId ?? '');
    const secret = secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id);
    if (secret === undefined) throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const holder = (secret: Secret, stage: string) => [...secret.versions.values()].find((v) => v.stages.has(stage));
  /** Puts `stage` on `version`, taking it off any other; moving AWSCURRENT leaves AWSPREVIOUS on the version it left. */
  const stageOn = (secret: Secret, stage: string, version: Version) => {
    const from = holder(secret, stage);
    if (from === version) return;
    from?.stages.delete(stage);
    version.stages.add(stage);
    if (stage === 'AWSCURRENT' && from !== undefined) {
      holder(secret, 'AWSPREVIOUS')?.stages.delete('AWSPREVIOUS');
      from.stages.add('AWSPREVIOUS');
    }
  };
  const ids = (secret: Secret) => ({ ARN: secret.arn, Name: secret.name });

  const operations: Record<string, (input: Input) => Promise<unknown> | unknown> = {
    CreateSecret(input) {
      const name = String(input.Name ?? '');
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw new AwsError('InvalidParameterException', 'The secret name is invalid.');
      if (secrets.has(name)) throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      const secret: Secret = {
        arn: `arn:aws:secretsmanager:${region}:${SECRETS_EMULATOR_ACCOUNT}:secret:${name}-${randomBytes(4).toString('base64url').slice(0, 6)}`,
        name,
        createdDate: now(),
        rotationEnabled: false,
        rotationLambdaArn: undefined,
        rotationRules: undefined,
        lastRotatedDate: undefined,
        versions: new Map(),
      };
      secrets.set(name, secret);
      if (input.SecretString === undefined) return ids(secret);
      const version: Version = {
        id: String(input.ClientRequestToken ?? randomUUID()),
        secretString: String(input.SecretString),
        createdDate: now(),
        stages: new Set(['AWSCURRENT']),
      };
      secret.versions.set(version.id, version);
      return { ...ids(secret), VersionId: version.id };
    },

    GetSecretValue(input) {
      const secret = find(input.SecretId);
      const versionId = input.VersionId === undefined ? undefined : String(input.VersionId);
      const stage = input.VersionStage === undefined ? (versionId === undefined ? 'AWSCURRENT' : undefined) : String(input.VersionStage);
      const version = versionId === undefined ? holder(secret, stage!) : secret.versions.get(versionId);
      if (version === undefined || (stage !== undefined && !version.stages.has(stage)) || version.secretString === undefined) {
        throw new AwsError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for ${versionId === undefined ? `staging label: ${stage}` : `VersionId: ${versionId}`}`,
        );
      }
      return {
        ...ids(secret),
        VersionId: version.id,
        SecretString: version.secretString,
        VersionStages: [...version.stages],
        CreatedDate: version.createdDate,
      };
    },

    PutSecretValue(input) {
      const secret = find(input.SecretId);
      const id = String(input.ClientRequestToken ?? randomUUID());
      const value = input.SecretString === undefined ? undefined : String(input.SecretString);
      if (value === undefined) throw new AwsError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
      const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : ['AWSCURRENT'];
      let version = secret.versions.get(id);
      if (version?.secretString !== undefined && version.secretString !== value) {
        throw new AwsError('ResourceExistsException', `You can't modify an existing version, you can only create a new version: VersionId ${id}.`);
      }
      if (version === undefined) {
        version = { id, secretString: value, createdDate: now(), stages: new Set() };
        secret.versions.set(id, version);
      }
      version.secretString = value;
      for (const stage of stages) stageOn(secret, stage, version);
      return { ...ids(secret), VersionId: id, VersionStages: [...version.stages] };
    },

    DescribeSecret(input) {
      const secret = find(input.SecretId);
      const versionIdsToStages = Object.fromEntries([...secret.versions.values()].filter((v) => v.stages.size > 0).map((v) => [v.id, [...v.stages]]));
      return {
        ...ids(secret),
        RotationEnabled: secret.rotationEnabled,
        ...(secret.rotationLambdaArn === undefined ? {} : { RotationLambdaARN: secret.rotationLambdaArn }),
        ...(secret.rotationRules === undefined ? {} : { RotationRules: secret.rotationRules }),
        ...(secret.lastRotatedDate === undefined ? {} : { LastRotatedDate: secret.lastRotatedDate }),
        CreatedDate: secret.createdDate,
        VersionIdsToStages: versionIdsToStages,
      };
    },

    UpdateSecretVersionStage(input) {
      const secret = find(input.SecretId);
      const stage = String(input.VersionStage ?? '');
      const moveTo = input.MoveToVersionId === undefined ? undefined : String(input.MoveToVersionId);
      const removeFrom = input.RemoveFromVersionId === undefined ? undefined : String(input.RemoveFromVersionId);
      const current = holder(secret, stage);
      if (current !== undefined && current.id !== moveTo && current.id !== removeFrom) {
        throw new AwsError(
          'InvalidParameterException',
          `The staging label ${stage} is currently attached to version ${current.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      if (moveTo === undefined) {
        if (removeFrom !== undefined) secret.versions.get(removeFrom)?.stages.delete(stage);
        return ids(secret);
      }
      const target = secret.versions.get(moveTo);
      if (target === undefined) throw new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret version: ${moveTo}.`);
      if (stage === 'AWSCURRENT' && target.secretString === undefined)
        throw new AwsError('InvalidRequestException', `Version ${moveTo} has no value and cannot be made AWSCURRENT.`);
      stageOn(secret, stage, target);
      return ids(secret);
    },

    async RotateSecret(input) {
      const secret = find(input.SecretId);
      if (input.RotationLambdaARN !== undefined) secret.rotationLambdaArn = String(input.RotationLambdaARN);
      if (input.RotationRules !== undefined) secret.rotationRules = input.RotationRules as Record<string, unknown>;
      const rotate = emulator.rotationFunction;
      if (rotate === undefined) throw new AwsError('InvalidRequestException', 'No Lambda rotation function ARN is associated with this secret.');
      if (holder(secret, 'AWSPENDING') !== undefined)
        throw new AwsError('InvalidRequestException', 'A previous rotation isn’t complete. That rotation will be reattempted.');
      secret.rotationEnabled = true;
      const token = String(input.ClientRequestToken ?? randomUUID());
      const stub: Version = { id: token, secretString: undefined, createdDate: now(), stages: new Set(['AWSPENDING']) };
      secret.versions.set(token, stub);
      for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
        try {
          await rotate({ SecretId: secret.arn, ClientRequestToken: token, Step: step });
        } catch (error) {
          throw new AwsError('InvalidRequestException', `The rotation function failed at ${step}: ${(error as Error).message}`);
        }
      }
      stub.stages.delete('AWSPENDING');
      secret.lastRotatedDate = now();
      return { ...ids(secret), VersionId: token };
    },
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: unknown, type?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(type === undefined ? {} : { 'x-amzn-errortype': type }),
      });
      response.end(JSON.stringify(body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
      const run = operations[operation];
      if (request.method !== 'POST' || run === undefined)
        throw new AwsError('UnknownOperationException', `This emulator does not implement ${target || 'that request'}.`);
      const input = (chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'))) as Input;
      const secretId = String(input.SecretId ?? input.Name ?? '');
      const secret = secrets.get(secretId) ?? [...secrets.values()].find((s) => s.arn === secretId);
      if (denied.has(`${operation} ${secret?.name ?? secretId}`)) {
        throw new AwsError(
          'AccessDeniedException',
          `User: arn:aws:sts::${SECRETS_EMULATOR_ACCOUNT}:assumed-role/test is not authorized to perform: secretsmanager:${operation} on resource: ${secretId} because no identity-based policy allows the secretsmanager:${operation} action`,
        );
      }
      answer(200, await run(input));
    } catch (error) {
      if (error instanceof AwsError) answer(error.status, { __type: error.type, message: error.message }, error.type);
      else answer(500, { __type: 'InternalServiceError', message: (error as Error).message }, 'InternalServiceError');
    }
  };

  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  let closed = false;
  const emulator: SecretsManagerEmulator = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rotationFunction: undefined,
    deny({ secretId, operation }) {
      const secret = secrets.get(secretId) ?? [...secrets.values()].find((s) => s.arn === secretId);
      denied.add(`${operation} ${secret?.name ?? secretId}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}
