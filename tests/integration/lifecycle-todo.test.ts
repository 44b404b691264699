import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, settings, users } from "~/db/schema";
import { sendDueReminders, smtpMailer } from "~/features/lifecycle/mail.server";
import { todoCount, todoPage } from "~/features/lifecycle/todo.server";
import { type TestDb, createSeededTestDb, userNamed } from "../helpers/db";
import { insertDocument, passAllGates, publish, sign, submit } from "../helpers/lifecycle";

let t: TestDb;
// Thursday 2020-09-10, 10:00 in Beijing
const NOW = new Date("2020-09-10T02:00:00Z");
let early: number; // 发改局, written 09-09: due after 3 working days, the 11th a listed holiday → 09-15
let late: number; // 发改局, written 09-01: due 09-04, overdue
let boshan: number; // seeded 区政府办公室 draft, written 2020-09-03: due 09-08, overdue

beforeAll(async () => {
  t = await createSeededTestDb();
  t.db.insert(settings).values({ key: "calendar.holidays", value: ["2020-09-11"] }).onConflictDoUpdate({ target: settings.key, set: { value: ["2020-09-11"] } }).run();
  early = insertDocument(t, "fgj", "2020-09-09", "关于推进价格监测工作的通知");
  late = insertDocument(t, "fgj", "2020-09-01", "关于做好粮食收购工作的通知");
  const b = t.db.select({ id: documents.id }).from(documents).where(eq(documents.indexNo, "zfb/2020-00045")).get();
  if (!b) throw new Error("no 博山");
  boshan = b.id;
});
afterAll(() => t.cleanup());

const page = (name: string) => todoPage(userNamed(t, name), { db: t.db, now: NOW });
const mine = (name: string) => page(name).mine.map((i) => [i.documentId, i.due, i.dueLabel]);

describe("待办 per role on the working-day calendar", () => {
  it("a drafter sees their unit's drafts, most overdue first, due dates skipping the weekend and the listed holiday", () => {
    expect(mine("drafter2")).toEqual([
      [late, "2020-09-04", "已逾期 4 个工作日"],
      [early, "2020-09-15", "还剩 2 个工作日"],
    ]);
    expect(mine("drafter")).toEqual([[boshan, "2020-09-08", "已逾期 2 个工作日"]]);
    expect(page("drafter2").office).toBeNull();
  });

  it("the document moves from the drafter to the reviewer, the head and the publisher, then off every list", () => {
    submit(t, early, "drafter2");
    expect(mine("drafter2").map((r) => r[0])).toEqual([late]);
    expect(page("reviewer").mine.map((i) => [i.documentId, i.reason, i.dueLabel])).toEqual([[early, "等待您审核", "还剩 2 个工作日"]]);
    expect(mine("head2")).toEqual([]);

    passAllGates(t, early);
    expect(mine("reviewer")).toEqual([]);
    expect(page("head2").mine.map((i) => [i.documentId, i.reason])).toEqual([[early, "等待您审签"]]);
    expect(mine("head")).toEqual([]); // another unit's head

    sign(t, early, "head2");
    expect(mine("head2")).toEqual([]);
    expect(page("publisher").mine.map((i) => [i.documentId, i.reason, i.due])).toEqual([[early, "已审签，等待发布", "2020-09-15"]]);

    publish(t, early);
    for (const name of ["drafter2", "reviewer", "head2", "publisher"]) expect(mine(name).map((r) => r[0])).not.toContain(early);
  });

  it("the office sees overdue documents by unit, and the navigation counts them", () => {
    const office = page("admin").office;
    // one overdue each: the tie keeps the units' order
    expect(office?.units.map((u) => [u.departmentName, u.overdue.map((i) => i.documentId)])).toEqual([
      ["区政府办公室", [boshan]],
      ["区发展和改革局", [late]],
    ]);
    // admin: nothing signed waiting (mine) + 2 overdue
    expect(todoCount(page("admin"))).toBe(page("admin").mine.length + 2);
    // 区政府办公室 is the 政务公开 office: its drafter sees the units too (博山 is both theirs and overdue)
    expect(todoCount(page("drafter"))).toBe(1 + 2);
  });
});

type Received = { from: string; to: string[]; raw: string };

function decodeMail(raw: string): { subject: string; to: string; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(unfolded)?.[1] ?? "";
  const words = (s: string) =>
    s.replace(/=\?UTF-8\?B\?([^?]+)\?=\s*/gi, (_, b64: string) => Buffer.from(b64, "base64").toString("utf8")).replace(/=\?UTF-8\?Q\?([^?]+)\?=\s*/gi, (_, q: string) =>
      Buffer.from(q.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1").toString("utf8"),
    );
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const payload = rest.join("\n\n");
  const body =
    encoding === "base64"
      ? Buffer.from(payload.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(payload.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))), "latin1").toString("utf8")
        : payload;
  return { subject: words(header("Subject")), to: header("To"), body };
}

describe("e-mail reminders through a real SMTP server on loopback", () => {
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    server.listen(0, "127.0.0.1");
    await once(server.server, "listening");
    port = (server.server.address() as AddressInfo).port;
    t.db.update(users).set({ email: "wang@fgj.example.gov.cn" }).where(eq(users.username, "drafter2")).run();
    t.db.update(users).set({ email: "zhou@zfb.example.gov.cn" }).where(eq(users.username, "publisher")).run();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const mailer = () => smtpMailer({ SMTP_HOST: "127.0.0.1", SMTP_PORT: port, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "解读工坊 <jiedu@zfb.example.gov.cn>" });

  it("no SMTP_HOST, no mailer: the reminders are never required", () => {
    expect(smtpMailer({ SMTP_HOST: undefined, SMTP_PORT: 587, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "x" })).toBeNull();
  });

  it("sends one digest to each user with urgent items, naming the overdue document and its due date; a second run the same day sends nothing", async () => {
    const m = mailer();
    if (!m) throw new Error("no mailer");
    const run = await sendDueReminders(m, { db: t.db, now: NOW, appUrl: "https://jiedu.example.gov.cn" });
    expect(run.failed).toEqual([]);
    // the drafter: their own overdue draft (the one due 09-15 is not urgent yet); the publisher, in the
    // 政务公开 office, has nothing to publish but gets the overdue units
    expect(run.sent.map((s) => s.to)).toEqual(["wang@fgj.example.gov.cn", "zhou@zfb.example.gov.cn"]);
    expect(received.map((r) => [r.from, r.to])).toEqual([
      ["jiedu@zfb.example.gov.cn", ["wang@fgj.example.gov.cn"]],
      ["jiedu@zfb.example.gov.cn", ["zhou@zfb.example.gov.cn"]],
    ]);
    const drafter = decodeMail(received[0].raw);
    expect(drafter.subject).toBe("【解读工坊】1 项待办需要尽快处理");
    expect(drafter.body).toContain("关于做好粮食收购工作的通知（区发展和改革局）：起草中");
    expect(drafter.body).toContain("时限 2020-09-04（已逾期 4 个工作日）");
    expect(drafter.body).not.toContain("关于推进价格监测工作的通知");
    expect(drafter.body).toContain("https://jiedu.example.gov.cn/app/todo");
    const office = decodeMail(received[1].raw);
    expect(office.subject).toBe("【解读工坊】2 项待办需要尽快处理");
    expect(office.body).toContain("各单位逾期未解读（2 件）");
    expect(office.body).toContain("区发展和改革局：1 件");

    const again = await sendDueReminders(m, { db: t.db, now: NOW });
    expect(again.sent).toEqual([]);
    expect(received).toHaveLength(2);
  });

  it("a server that refuses the mail is reported and retried the next run, not recorded as sent", async () => {
    const refusing = smtpMailer({ SMTP_HOST: "127.0.0.1", SMTP_PORT: 1, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASS: undefined, SMTP_FROM: "x <x@example.gov.cn>" });
    if (!refusing) throw new Error("no mailer");
    const nextDay = new Date("2020-09-14T02:00:00Z");
    const run = await sendDueReminders(refusing, { db: t.db, now: nextDay });
    expect(run.failed.map((f) => f.to)).toEqual(["wang@fgj.example.gov.cn", "zhou@zfb.example.gov.cn"]);
    expect(run.sent).toEqual([]);
    const m = mailer();
    if (!m) throw new Error("no mailer");
    const retry = await sendDueReminders(m, { db: t.db, now: nextDay });
    expect(retry.sent.map((s) => s.to)).toEqual(["wang@fgj.example.gov.cn", "zhou@zfb.example.gov.cn"]);
    expect(received).toHaveLength(4);
  });
});
