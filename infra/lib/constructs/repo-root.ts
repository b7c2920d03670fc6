import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: entry files and the worker's image context are named from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
