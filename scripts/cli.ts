#!/usr/bin/env tsx
/** `nova-images-mock serve|generate|data`: the package's command line. */
import { runData } from './data.ts';
import { runGenerate } from './generate.ts';
import { runServe } from './serve.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  serve: runServe,
  generate: runGenerate,
  data: runData,
};

const USAGE = `Usage: nova-images-mock <command> [flags]

Commands:
  serve      run the mock Nova images API over HTTP (default 127.0.0.1:8774)
  generate   write a seeded, realistic image dataset
  data       browse and edit a dataset's records with json-server

Run nova-images-mock <command> --help for the flags of each.`;

const [command, ...rest] = process.argv.slice(2);
const run = command === undefined ? undefined : COMMANDS[command];
if (run === undefined) {
  const help = command === '--help' || command === '-h';
  (help ? process.stdout : process.stderr).write(`${USAGE}\n`);
  process.exitCode = help ? 0 : 2;
} else {
  process.exitCode = await run(rest);
}
