import { App } from 'aws-cdk-lib';
import { StatefulStack } from './lib/stateful-stack.ts';
import { StatelessStack } from './lib/stateless-stack.ts';
import { STAGES, type StageName } from './stage-settings.ts';

/** `npx cdk synth -c stage=dev|prod`. infra/ names the handlers' entry files; it imports no application code. */
const app = new App();
const stage = (app.node.tryGetContext('stage') ?? 'dev') as string;
if (!(stage in STAGES)) throw new Error(`Unknown stage "${stage}": use one of ${Object.keys(STAGES).join(', ')} (cdk -c stage=…).`);
const settings = STAGES[stage as StageName];
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
const stateful = new StatefulStack(app, `reportage-${stage}-stateful`, { settings, env });
new StatelessStack(app, `reportage-${stage}-stateless`, { settings, env, refs: stateful });
app.synth();
