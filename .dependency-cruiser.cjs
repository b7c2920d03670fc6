/**
 * The layers of DESIGN.md, checked on every `npm test` (test/unit/architecture/layers.test.ts):
 * the domain at the bottom; media, subtitles, interchange and the ports above it; the use cases above those;
 * the adapters beside the use cases (they implement ports, and know no use case); the web app,
 * the CLI and the Lambda handlers on top. Imports only point down. infra/ names the handlers'
 * entry files and imports no application code.
 */
const USE_CASES = '^shared/(ingest|render|review|delivery|jobs|demo)/';
const ADAPTERS = '^shared/adapters/';
const TOP = '^(shared/(web|cli|runtime)/|functions/)';
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or moved one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-the-bottom',
      severity: 'error',
      comment: 'The domain is pure: schemas and rules, importing nothing of the application.',
      from: { path: '^shared/domain/' },
      to: { path: '^(shared/(?!domain/)|functions/|infra/)' },
    },
    {
      name: 'media-subtitles-ports-on-the-domain',
      severity: 'error',
      comment: 'media, subtitles and ports stand on the domain only (media may burn in subtitles).',
      from: { path: '^shared/(media|subtitles|ports)/' },
      to: { path: '^(shared/(?!domain/|media/|subtitles/|ports/)|functions/|infra/)' },
    },
    {
      name: 'interchange-on-the-domain',
      severity: 'error',
      comment: 'Timeline interchange (EDL, xmeml, OTIO) is pure format code: it stands on the domain only, no ffmpeg, no store.',
      from: { path: '^shared/interchange/' },
      to: { path: '^(shared/(?!domain/|interchange/)|functions/|infra/)' },
    },
    {
      name: 'media-is-the-door',
      severity: 'error',
      comment: 'subtitles and ports know nothing of ffmpeg.',
      from: { path: '^shared/(subtitles|ports)/' },
      to: { path: '^shared/media/' },
    },
    {
      name: 'ports-are-not-media-or-subtitles',
      severity: 'error',
      comment: 'media and subtitles do not depend on the storage contracts.',
      from: { path: '^shared/(media|subtitles)/' },
      to: { path: '^shared/ports/' },
    },
    { name: 'subtitles-below-media', severity: 'error', from: { path: '^shared/subtitles/' }, to: { path: '^shared/media/' } },
    {
      name: 'use-cases-receive-ports',
      severity: 'error',
      comment: 'Use cases receive ports; they never import an adapter, the web app, the CLI or a handler.',
      from: { path: USE_CASES },
      to: { path: `${ADAPTERS}|${TOP}|^shared/config\\.ts$` },
    },
    {
      name: 'adapters-know-no-use-case',
      severity: 'error',
      comment: 'Adapters implement ports; the composition roots wire them to the use cases.',
      from: { path: ADAPTERS },
      to: { path: `${USE_CASES}|${TOP}|^shared/config\\.ts$` },
    },
    {
      name: 'one-backend-at-a-time',
      severity: 'error',
      comment: 'What both backends share lives beside the ports.',
      from: { path: '^shared/adapters/aws/' },
      to: { path: '^shared/adapters/local/' },
    },
    { name: 'local-is-not-aws', severity: 'error', from: { path: '^shared/adapters/local/' }, to: { path: '^shared/adapters/aws/' } },
    {
      name: 'one-wiring-under-its-entry-points',
      severity: 'error',
      comment: 'shared/runtime/ builds the backend for the CLI and the Lambda functions: it knows neither, nor the web app.',
      from: { path: '^shared/runtime/' },
      to: { path: '^(shared/(web|cli)/|functions/)' },
    },
    {
      name: 'functions-carry-no-local-backend',
      severity: 'error',
      comment: 'The Lambda bundles leave better-sqlite3 out (the images do not carry it): no handler may reach the local adapters, however indirectly.',
      from: { path: '^functions/' },
      to: { path: '^shared/adapters/local/', reachable: true },
    },
    { name: 'web-is-not-the-cli', severity: 'error', from: { path: '^shared/web/' }, to: { path: '^(shared/cli/|functions/)' } },
    { name: 'cli-is-not-a-handler', severity: 'error', from: { path: '^shared/cli/' }, to: { path: '^functions/' } },
    { name: 'shared-is-not-deployed-code', severity: 'error', from: { path: '^shared/' }, to: { path: '^(functions|infra)/' } },
    {
      name: 'infra-names-entry-files',
      severity: 'error',
      comment: 'infra/ imports no application code: it names the handlers entry files.',
      from: { path: '^infra/' },
      to: { path: '^(shared|functions)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdk\\.out|data|test-output)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
