#!/usr/bin/env node
/** `nova-images-mock serve|generate|data`: the package's command line. */
import { DEFAULT_HOST, DEFAULT_PORT } from '../mocks/options.ts';

type Command = (argv: string[]) => Promise<number>;

// Loaded on demand: `serve` should not pay for the generators or json-server.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).runServe,
  generate: async () => (await import('./generate.ts')).runGenerate,
  data: async () => (await import('./data.ts')).runData,
};

const USAGE = `Usage: nova-images-mock <command> [flags]

Commands:
  serve      run the mock Nova images API over HTTP (default ${DEFAULT_HOST}:${DEFAULT_PORT})
  generate   write a seeded, realistic image dataset
  data       browse and edit a dataset's records with json-server

Run nova-images-mock <command> --help for the flags of each.`;

const [command, ...rest] = process.argv.slice(2);
const load = command === undefined ? undefined : COMMANDS[command];
if (load === undefined) {
  const help = command === '--help' || command === '-h';
  (help ? process.stdout : process.stderr).write(`${USAGE}\n`);
  process.exitCode = help ? 0 : 2;
} else {
  process.exitCode = await (await load())(rest);
}
