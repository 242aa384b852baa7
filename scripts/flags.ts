/** Flag parsing shared by the subcommands: node's parseArgs, with errors as exit code 2. */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A flag as parseArgs takes it, with what `--help` says of it: each flag written once. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's name in `--help` (`PORT`); none for a boolean flag. */
  value?: string;
  /** `--help`'s text, a line a string; defaults come from the constants the code uses. */
  help: string | readonly string[];
}

/** The `Flags:` lines of `--help`, the texts in one column. */
export function flagsHelp(flags: Readonly<Record<string, FlagSpec>>): string {
  const rows = Object.entries(flags).map(([name, flag]) => {
    const spelled = `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` ${flag.value}` : ''}`;
    return [spelled, typeof flag.help === 'string' ? [flag.help] : flag.help] as const;
  });
  const width = Math.max(...rows.map(([spelled]) => spelled.length)) + 2;
  return rows
    .flatMap(([spelled, lines]) =>
      lines.map((line, index) => `  ${(index === 0 ? spelled : '').padEnd(width)}${line}`),
    )
    .join('\n');
}

type Flags<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

export function parseFlags<T extends Options>(argv: string[], options: T): Flags<T> {
  try {
    return parseArgs({
      args: withNegativeValues(argv, options),
      options,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * parseArgs reads `-1` after a flag as another option (`--metadata-quota -1` is "ambiguous"); a
 * negative number after a flag that takes a value is that flag's value, as `--flag=-1` is.
 */
function withNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      index++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** An integer flag, or a UsageError naming the flag. */
export function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be an integer ${range}, got "${value}"`);
  }
  return parsed;
}
