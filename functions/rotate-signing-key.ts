import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RotationEventSchema, createSecretsClient, rotateSigningKeySecretStep } from '../shared/adapters/aws/index.ts';

let secrets: SecretsManagerClient | undefined;

/**
 * The signing key secret's rotation function: Secrets Manager invokes it four times per rotation
 * (createSecret, setSecret, testSecret, finishSecret; shared/adapters/aws/rotate-signing-key-secret.ts).
 * A thrown error fails the step; Secrets Manager retries it and leaves AWSCURRENT where it was.
 * The client is built once per container, in the region Lambda sets (an endpoint override only
 * for the emulator tests).
 */
export async function handler(event: unknown): Promise<void> {
  secrets ??= createSecretsClient({
    region: process.env.REPORTAGE_AWS_REGION || process.env.AWS_REGION || 'us-east-1',
    endpoint: process.env.REPORTAGE_SECRETSMANAGER_ENDPOINT || undefined,
  });
  await rotateSigningKeySecretStep({ secrets, event: RotationEventSchema.parse(event) });
}
