import { getConfig } from "~/config.server";
import { openDatabase, setDb } from "~/db/client.server";
import { sendDueReminders, smtpMailer } from "~/features/lifecycle/mail.server";

/** `jiedu remind`: e-mails today's 待办 digests through SMTP_* (once per user per day). */
export async function run(): Promise<number> {
  const config = getConfig();
  const mailer = smtpMailer(config);
  if (!mailer) {
    process.stderr.write("没有配置 SMTP_HOST，不发送邮件（待办仍可在“待办”页面查看） SMTP_HOST not set, nothing sent\n");
    return 2;
  }
  const db = openDatabase(config.DATABASE_PATH);
  setDb(db);
  try {
    const result = await sendDueReminders(mailer, { db, appUrl: config.APP_URL });
    process.stdout.write(`${JSON.stringify({ sent: result.sent.length, skipped: result.skipped, failed: result.failed })}\n`);
    return result.failed.length ? 1 : 0;
  } finally {
    setDb(undefined);
    db.$client.close();
  }
}
