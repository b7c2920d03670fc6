#!/usr/bin/env node
// Entry point of the `reportage` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../shared/cli/main.ts');
