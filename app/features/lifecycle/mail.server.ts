/**
 * Optional e-mail reminders of the 待办 list, through the SMTP server in SMTP_* (never required:
 * without SMTP_HOST nothing is sent and the in-app 待办 is the whole story).
 *
 *   sendDueReminders: every active user with an e-mail address → their 待办 (todo.server.ts)
 *   → the urgent part (due within a working day, due today, overdue; the office: overdue units
 *   and expired documents) → one digest per user per Beijing day, recorded as an audit row
 *   'reminder.sent' so a second run the same day sends nothing again.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { AppConfig } from "~/config.server";
import { type Db, getDb } from "~/db/client.server";
import { auditLog, users } from "~/db/schema";
import type { TodoItem } from "~/domain/lifecycle/todo";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { appendAudit } from "~/models/audit.server";
import { loadUser } from "~/models/auth.server";
import { type TodoPage, todoPage } from "./todo.server";

export type MailMessage = { to: string; subject: string; text: string };
export type Mailer = { send: (message: MailMessage) => Promise<void> };

type SmtpConfig = Pick<AppConfig, "SMTP_HOST" | "SMTP_PORT" | "SMTP_SECURE" | "SMTP_USER" | "SMTP_PASS" | "SMTP_FROM">;

/** A mailer for the configured SMTP server, or null when none is configured. */
export function smtpMailer(config: SmtpConfig): Mailer | null {
  if (!config.SMTP_HOST) return null;
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASS ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    send: async (m) => {
      await transport.sendMail({ from: config.SMTP_FROM, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

function line(item: TodoItem): string {
  const due = item.due ? `，时限 ${item.due}（${item.dueLabel}）` : "";
  return `- ${item.title}（${item.departmentName}）：${item.reason}${due}`;
}

/** The digest for one user, or null when nothing on their 待办 is urgent. */
export function reminderDigest(page: TodoPage, appUrl: string | undefined): { subject: string; text: string } | null {
  const mine = page.mine.filter((i) => i.urgent);
  const units = page.office?.units ?? [];
  const expired = page.office?.expired ?? [];
  const overdue = units.reduce((n, u) => n + u.overdue.length, 0);
  if (mine.length === 0 && overdue === 0 && expired.length === 0) return null;
  const parts: string[] = [`截至 ${page.today}（北京时间），您的待办中有以下需要尽快处理的事项：`, ""];
  if (mine.length) parts.push(`需要您处理（${mine.length} 件）：`, ...mine.map(line), "");
  if (overdue) {
    parts.push(`各单位逾期未解读（${overdue} 件）：`);
    for (const u of units) parts.push(`${u.departmentName}：${u.overdue.length} 件`, ...u.overdue.map(line));
    parts.push("");
  }
  if (expired.length) {
    parts.push(`已废止或失效、解读仍在网站上（${expired.length} 件）：`);
    for (const e of expired) parts.push(`- ${e.title}（${e.departmentName}）：${e.validity === "valid" ? `有效期至 ${e.validUntil}` : VALIDITY_LABELS[e.validity]}`);
    parts.push("");
  }
  parts.push(appUrl ? `请登录解读工坊查看：${new URL("/app/todo", appUrl).href}` : "请登录解读工坊，打开“待办”查看。", "", "（本邮件由解读工坊自动发送，请勿回复。）");
  const count = mine.length + overdue + expired.length;
  return { subject: `【解读工坊】${count} 项待办需要尽快处理`, text: parts.join("\n") };
}

export type ReminderRun = { sent: { userId: number; to: string }[]; skipped: number; failed: { userId: number; to: string; error: string }[] };

function alreadyReminded(db: Db, userId: number, day: string): boolean {
  return (
    db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, "reminder.sent"),
          sql`json_extract(${auditLog.details}, '$.userId') = ${userId}`,
          sql`json_extract(${auditLog.details}, '$.day') = ${day}`,
        ),
      )
      .get() !== undefined
  );
}

/** Sends today's digests; a failed delivery is reported and retried on the next run. */
export async function sendDueReminders(mailer: Mailer, options: { db?: Db; now?: Date; appUrl?: string } = {}): Promise<ReminderRun> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const run: ReminderRun = { sent: [], skipped: 0, failed: [] };
  const recipients = db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.active, true), isNotNull(users.email)))
    .orderBy(users.id)
    .all();
  for (const r of recipients) {
    const user = loadUser(r.id);
    if (!user || !r.email) continue;
    const page = todoPage(user, { db, now });
    const digest = reminderDigest(page, options.appUrl);
    if (!digest || alreadyReminded(db, user.id, page.today)) {
      run.skipped++;
      continue;
    }
    try {
      await mailer.send({ to: r.email, ...digest });
    } catch (error) {
      run.failed.push({ userId: user.id, to: r.email, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    appendAudit(db, { actorId: null, action: "reminder.sent", details: { userId: user.id, to: r.email, day: page.today, subject: digest.subject } });
    run.sent.push({ userId: user.id, to: r.email });
  }
  return run;
}
