import { App } from 'aws-cdk-lib';
import { StatefulStack } from './lib/stateful-stack.ts';
import { STAGES, type StageName } from './stage-settings.ts';

/** `npx cdk synth -c stage=dev|prod`. infra/ names the handlers' entry files; it imports no application code. */
const app = new App();
const stage = (app.node.tryGetContext('stage') ?? 'dev') as string;
if (!(stage in STAGES)) throw new Error(`Unknown stage "${stage}": use one of ${Object.keys(STAGES).join(', ')} (cdk -c stage=…).`);
const settings = STAGES[stage as StageName];
new StatefulStack(app, `reportage-${stage}-stateful`, { settings });
app.synth();
