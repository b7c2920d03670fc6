import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../shared/web/create-app.ts';
import { apiDeps } from './lib/api-deps.ts';
import { lambdaRuntime } from './lib/lambda-runtime.ts';

type LambdaHandler = ReturnType<typeof handle>;
let ready: Promise<LambdaHandler> | undefined;

/** The web app on Lambda behind a function URL: the same `createApp` that `reportage serve` runs. */
async function appHandler(): Promise<LambdaHandler> {
  ready ??= lambdaRuntime().then(async (runtime) => handle(createApp({ deps: await apiDeps({ runtime }) })));
  return ready.catch((error: unknown) => {
    ready = undefined; // the next request tries the cold start again
    throw error;
  });
}

export async function handler(event: LambdaEvent, context?: LambdaContext) {
  return (await appHandler())(event, context);
}
