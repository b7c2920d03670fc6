import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ReportageError } from '../domain/index.ts';
import { ADMIN_LINK_DEFAULT_HOURS, ADMIN_LINK_MAX_HOURS, ASSET_KINDS, PROGRAMME_AUDIO_LAYOUTS } from '../domain/index.ts';
import { ProfileIdSchema } from '../domain/delivery-profiles.ts';
import { runAdminTokenCommand } from './commands/admin-token.ts';
import { runKeysRotateCommand } from './commands/keys.ts';
import { runAssetsCommand } from './commands/assets.ts';
import { runDemoCommand } from './commands/demo.ts';
import { runIngestCommand } from './commands/ingest.ts';
import { runInvitesCommand, runInvitesRevokeCommand } from './commands/invites.ts';
import { runJobsCommand } from './commands/jobs.ts';
import { runProjectCommand } from './commands/project.ts';
import { runRenderCommand } from './commands/render.ts';
import { runSchemaCommand } from './commands/schema.ts';
import { runServeCommand } from './commands/serve.ts';
import { runTimelineExportCommand, runTimelineImportCommand } from './commands/timeline.ts';
import { runWorkerCommand } from './commands/worker.ts';
import { EXIT } from './exit-codes.ts';

const program = new Command('reportage')
  .description('Reportage: ingest contributed media, cut, render, review and deliver a TV reportage.')
  .showHelpAfterError()
  .exitOverride();

/** `--hours` of an admin link: a whole number of hours within the admin link's bounds. */
function parseAdminHours(value: string): number {
  const hours = Number(value);
  if (!Number.isInteger(hours) || hours < 1 || hours > ADMIN_LINK_MAX_HOURS) {
    throw new InvalidArgumentError(
      `expected whole hours from 1 to ${ADMIN_LINK_MAX_HOURS} (an admin link is valid ${ADMIN_LINK_MAX_HOURS / 24} days at most).`,
    );
  }
  return hours;
}

const kindOption = () => new Option('--kind <kind>', 'what the files are').choices(ASSET_KINDS);

program
  .command('ingest')
  .description('store, check and prepare media files (exit 0: all accepted, 2: some rejected, 1: internal fault)')
  .argument('<files...>', 'files to ingest')
  .addOption(kindOption())
  .option('--project <id>', 'project id (default: REPORTAGE_PROJECT)')
  .option('--theme <id>', 'content theme id of the project')
  .option('--organisation <name>', 'contributing organisation')
  .option('--contributor <name>', 'person who contributed the files')
  .option('--speaker <name>', 'speaker name (interviews, for lower thirds)')
  .option('--position <text>', "speaker's position or title")
  .option('--description <text>', 'free description')
  .option('--cut <cutId>', '--kind programme: the cut whose next version the finished programme becomes')
  .option('--subtitles <file>', '--kind programme: the SRT (or WebVTT) given with the programme')
  .option('--in <time>', '--kind programme: where the programme starts in the file (after a line-up), e.g. 00:01:00:00 or 60')
  .option('--out <time>', '--kind programme: where it ends in the file (default: the end)')
  .addOption(
    new Option('--audio-layout <layout>', "--kind programme: the channels' declared layout (default: 5.1 for 6 channels, else channels 1–2)").choices(
      PROGRAMME_AUDIO_LAYOUTS,
    ),
  )
  .option('--json', 'one JSON object per file on stdout, nothing else')
  .action(async (files: string[], options) => {
    process.exitCode = await runIngestCommand({ files, options });
  });

program
  .command('assets')
  .description("list the project's assets")
  .addOption(kindOption())
  .option('--project <id>', 'project id')
  .option('--theme <id>', 'only this theme')
  .addOption(new Option('--status <status>', 'only this status').choices(['queued', 'processing', 'ready', 'rejected', 'failed']))
  .option('--json', 'a JSON array on stdout')
  .action(async (options) => {
    process.exitCode = await runAssetsCommand({ options });
  });

program
  .command('project')
  .description('show the project (created with the congress defaults on first use), or change its settings')
  .option('--project <id>', 'project id')
  .option('--title <text>', 'set the title')
  .option('--congress-date <YYYY-MM-DD>', 'set the congress date (the deadline is two days before)')
  .option('--json', 'JSON on stdout')
  .action(async (options) => {
    process.exitCode = await runProjectCommand({ options });
  });

program
  .command('jobs')
  .description('list jobs, e.g. the dead-letter ones with their last error')
  .addOption(new Option('--state <state>', 'only this state').choices(['ready', 'in-flight', 'done', 'dead']))
  .option('--json', 'a JSON array on stdout')
  .action(async (options) => {
    process.exitCode = await runJobsCommand({ options });
  });

program
  .command('worker')
  .description('process queued jobs until stopped (SIGINT/SIGTERM finish the running jobs first)')
  .option('--until-idle', 'stop when no job is waiting')
  .option('--concurrency <n>', 'jobs at once (default: REPORTAGE_WORKERS)', (v) => Number.parseInt(v, 10))
  .action(async (options) => {
    process.exitCode = await runWorkerCommand({ options });
  });

program
  .command('serve')
  .description('run the web app and an in-process worker pool')
  .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), 8080)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--no-worker', 'do not run the in-process worker pool')
  .action(async (options) => {
    process.exitCode = await runServeCommand({ options });
  });

program
  .command('admin-token')
  .description('print a new admin sign-in link for the web app (stored only as a hash), or revoke them all')
  .option(
    '--base-url <url>',
    'where the web app is reached (default: the address of the running `reportage serve` on this data folder, else http://127.0.0.1:8080)',
  )
  .option('--hours <n>', `how long the link stays valid (1-${ADMIN_LINK_MAX_HOURS})`, parseAdminHours, ADMIN_LINK_DEFAULT_HOURS)
  .option('--revoke-all', 'revoke every admin sign-in link and end their sessions (makes no new link)')
  .option('--json', 'JSON on stdout: {url, token, inviteId, expiresAt, expiresInHours}; with --revoke-all {revoked, sessionsEnded}')
  .action(async (options) => {
    process.exitCode = await runAdminTokenCommand({ options });
  });

const invites = program
  .command('invites')
  .description('list every invite link, admin ones included, with its state (active, expired, revoked)')
  .option('--active', 'only the links that can still sign in')
  .option('--json', 'a JSON array on stdout')
  .action(async (options) => {
    process.exitCode = await runInvitesCommand({ options });
  });

invites
  .command('revoke')
  .description('revoke an invite link (admin ones too): its sessions, upload part URLs and download links end at once')
  .argument('<id>', 'the invite id (from `reportage invites`)')
  .option('--json', 'JSON on stdout: {invite, sessionsEnded, uploadsAborted}')
  .action(async (id: string, _options, command: Command) => {
    // optsWithGlobals: `--json` after the id is taken by `invites`, which has one too.
    process.exitCode = await runInvitesRevokeCommand({ inviteId: id, options: command.optsWithGlobals() });
  });

program
  .command('keys')
  .description('the signing key of links, upload URLs and CSRF tokens')
  .command('rotate')
  .description('replace the signing key; links signed with the old one work until they expire')
  .option('--json', 'JSON on stdout: {currentKeyId, retiredKeyId, rotatedAt}')
  .action(async (options) => {
    process.exitCode = await runKeysRotateCommand({ options });
  });

program
  .command('render')
  .description(
    'freeze a cut into a version and render it with a delivery profile (exit 0: rendered and QC passed, 2: invalid cut, not approved or QC failed, 1: internal fault)',
  )
  .argument('<cut>', 'the cut document (JSON; see `reportage schema cut`)')
  .addOption(new Option('--profile <profile>', 'delivery profile').choices([...ProfileIdSchema.options]).default('review'))
  .option('--out <dir>', 'copy the delivered files here')
  .option('--json', 'one JSON object on stdout at the end')
  .option('--skip-approval', "render a delivery profile before every stage approved the version (the admin's override, written to the audit log)")
  .action(async (cut: string, options) => {
    process.exitCode = await runRenderCommand({ cutFile: cut, options });
  });

const timeline = program
  .command('timeline')
  .description('round trips with Premiere Pro and DaVinci Resolve: export a draft or a version, import an edited timeline as a draft');

timeline
  .command('export')
  .description('write a cut draft or a version as OTIO, FCP 7 XML or a CMX 3600 EDL, or its review comments as a marker list (exit 0: written, 1: a fault)')
  .argument('<id>', 'a cut id (its saved draft) or a version id')
  .addOption(new Option('--format <format>', 'what to write').choices(['otio', 'fcpxml', 'edl', 'markers-edl', 'markers-csv']).makeOptionMandatory())
  .option('--out <file>', 'write the file here (default: stdout)')
  .option('--media-dir <dir>', 'also put every source file here under the name the timeline gives it (for relinking)')
  .addOption(new Option('--media <which>', 'which file of each asset the timeline names').choices(['original', 'proxy']).default('original'))
  .option('--project <id>', 'project id (default: REPORTAGE_PROJECT)')
  .option('--json', 'one JSON object on stdout: what was written, the media names')
  .action(async (id: string, options) => {
    process.exitCode = await runTimelineExportCommand({ id, options });
  });

timeline
  .command('import')
  .description(
    "read an EDL, FCP 7 XML or OTIO timeline into a cut's draft (exit 0: every event matched, 2: some did not, the draft is saved all the same; 1: a fault)",
  )
  .argument('<file>', 'the timeline file')
  .requiredOption('--cut <cutId>', 'the cut whose draft it becomes')
  .option('--project <id>', 'project id (default: REPORTAGE_PROJECT)')
  .option('--json', 'one JSON object on stdout: {cut, unmatched:[{event, code, reason, reasonVi}], warnings, problems, format, draft}')
  .action(async (file: string, options) => {
    process.exitCode = await runTimelineImportCommand({ file, options });
  });

program
  .command('schema')
  .description('print the JSON Schema of a document (cut)')
  .argument('<name>', 'cut')
  .action(async (name: string) => {
    process.exitCode = await runSchemaCommand({ name });
  });

program
  .command('demo')
  .description('generate a sample congress project, ingest it, cut an N-minute reportage, render the review version and the screening master, print QC')
  .option('--out <dir>', 'where the generated sample files and the cut go (default: demo/ in the data folder, REPORTAGE_DATA_DIR)')
  .option('--minutes <n>', 'length of the cut in minutes', (v) => Number.parseFloat(v), 13)
  .option('--all', 'render every delivery profile')
  .option('--json', 'one JSON object on stdout at the end (as render --json)')
  .action(async (options) => {
    process.exitCode = await runDemoCommand({ options });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof ReportageError) {
    process.stderr.write(`reportage: ${error.message} [${error.code}]\n`);
    process.exitCode = error.kind === 'internal' ? EXIT.fault : EXIT.rejected;
  } else {
    process.stderr.write(`reportage: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.fault;
  }
}
