/**
 * Entry of the `jiedu` command: dispatches a sub-command to its module.
 * Each sub-command module exports `run(args: string[]): Promise<number>` and returns the exit
 * code; it prints machine output on stdout and one-line errors on stderr.
 */
type SubCommand = {
  summary: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>;
};

const commands: Record<string, SubCommand> = {
  analyze: { summary: "分析公文 analyze a document: jiedu analyze <file|-> --json", load: () => import("./analyze.ts") },
  check: { summary: "审校 check an interpretation: jiedu check --interpretation <file.txt|package.json> [--document <file>] --json", load: () => import("./check.ts") },
  render: { summary: "渲染新媒体图片 render a package JSON: jiedu render <package.json> --out <dir> [--channels …]", load: () => import("./render.ts") },
  export: { summary: "从数据库导出 export from the database: jiedu export --document <id> [--out <dir>] [--channels …]", load: () => import("./export.ts") },
  migrate: { summary: "迁移数据库 apply migrations", load: () => import("./db-migrate.ts") },
  seed: { summary: "写入演示数据 seed demo data", load: () => import("./db-seed.ts") },
  remind: { summary: "发送待办提醒邮件 e-mail today's 待办 reminders through SMTP_*", load: () => import("./remind.ts") },
  backup: { summary: "备份数据库 back up the database: jiedu backup <file>", load: () => import("./backup.ts") },
};

function usage(): string {
  const lines = ["用法 usage: jiedu <command> [options]", ""];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`未知命令 unknown command: ${name}\n${usage()}\n`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`错误 error: ${message.split("\n")[0]}\n`);
    return 1;
  }
}
