/** The shared front of the render and export commands: --help, and a refused argument list. */
export type ParsedArgs<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * `--help`/`-h` prints the usage (exit 0); arguments the parser refuses print `错误：…` and the
 * usage on stderr (exit 2). Otherwise the parsed value.
 */
export function parseCommandArgs<T>(args: string[], usage: string, parse: (args: string[]) => ParsedArgs<T>): { value: T } | { exitCode: number } {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${usage}\n`);
    return { exitCode: 0 };
  }
  const parsed = parse(args);
  if (!parsed.ok) {
    process.stderr.write(`错误：${parsed.message}\n${usage}\n`);
    return { exitCode: 2 };
  }
  return { value: parsed.value };
}
