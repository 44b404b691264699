/**
 * Demo data: three departments, one user per role (and a head — 第一解读人 — in every
 * department), and the two real fixture notices as drafts of 区政府办公室. Idempotent: every row is looked up by its natural key before it is inserted, so
 * running the seed twice changes nothing.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { departments, documents, gateAssignments, packages, settings, users } from "~/db/schema";
import { startingFigures } from "~/domain/package/key-figures";
import { hashPassword } from "~/models/password.server";
import { seedPublishedDemo } from "./seed-workflow.server";
import { type Gate, GATES, type Role } from "~/domain/vocabulary";

export const DEMO_PASSWORD = "jiedu2026";

export const DEMO_DEPARTMENTS = [
  { code: "zfb", name: "区政府办公室", kind: "drafting" as const, isOpenGovOffice: true, themeColor: "#b71c1c" },
  { code: "fgj", name: "区发展和改革局", kind: "drafting" as const, isOpenGovOffice: false, themeColor: "#0d47a1" },
  { code: "sfj", name: "区司法局", kind: "office" as const, isOpenGovOffice: false, themeColor: "#1b5e20" },
];

export const DEMO_USERS: { username: string; displayName: string; role: Role; department: string; title?: string }[] = [
  { username: "admin", displayName: "系统管理员", role: "admin", department: "zfb" },
  { username: "drafter", displayName: "王起草", role: "drafter", department: "zfb", title: "科员" },
  { username: "drafter2", displayName: "李起草", role: "drafter", department: "fgj", title: "科员" },
  { username: "reviewer", displayName: "赵审核", role: "reviewer", department: "sfj", title: "审核员" },
  { username: "head", displayName: "陈主任", role: "head", department: "zfb", title: "主任" },
  // every demo unit has its 第一解读人, so drafter2's documents can be signed too (谁起草谁解读)
  { username: "head2", displayName: "刘局长", role: "head", department: "fgj", title: "局长" },
  { username: "head3", displayName: "孙局长", role: "head", department: "sfj", title: "局长" },
  { username: "publisher", displayName: "周发布", role: "publisher", department: "zfb", title: "网站编辑" },
];

/** The fixture notices, as a drafter would enter them on 新建文件. */
export const DEMO_DOCUMENTS = [
  {
    file: "xihaian-2020-zwgk-yaodian-kaohe.txt",
    title: "青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知",
    docNumber: "青西新管办发〔2020〕84号",
    docAgency: "青西新管办发",
    docYear: 2020,
    docSerial: 84,
    issuer: "青岛西海岸新区管委办公室",
    writtenDate: "2020-08-06",
    topic: "政务公开",
    indexNo: "zfb/2020-00084",
  },
  {
    file: "boshan-2020-zwgk-yaodian.txt",
    title: "博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知",
    docNumber: "博政办字〔2020〕45号",
    docAgency: "博政办字",
    docYear: 2020,
    docSerial: 45,
    issuer: "博山区人民政府办公室",
    writtenDate: "2020-09-03",
    topic: "政务公开",
    indexNo: "zfb/2020-00045",
  },
];

export const DEFAULT_SETTINGS: Record<string, unknown> = {
  "qa.minCount": 3,
  "publish.maxLagWorkingDays": 3,
};

export function demoDocumentsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle/seed/documents");
}

/** Document text → structure. Injected so the seed does not depend on the analyzer's module graph. */
export type Analyze = (text: string) => { normalizedText: string; structure: unknown };

export async function seedDemo(db: Db, options: { analyze?: Analyze; documentsDir?: string } = {}): Promise<{ created: number }> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const documentsDir = options.documentsDir ?? demoDocumentsDir();

  db.transaction((tx) => {
    const deptId = new Map<string, number>();
    for (const d of DEMO_DEPARTMENTS) {
      const existing = tx.select({ id: departments.id }).from(departments).where(eq(departments.code, d.code)).get();
      if (existing) deptId.set(d.code, existing.id);
      else {
        const row = tx.insert(departments).values(d).returning({ id: departments.id }).get();
        deptId.set(d.code, row.id);
        created++;
      }
    }
    const userId = new Map<string, number>();
    for (const u of DEMO_USERS) {
      const existing = tx.select({ id: users.id }).from(users).where(eq(users.username, u.username)).get();
      if (existing) userId.set(u.username, existing.id);
      else {
        const row = tx
          .insert(users)
          .values({
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            title: u.title,
            departmentId: deptId.get(u.department)!,
            passwordHash,
          })
          .returning({ id: users.id })
          .get();
        userId.set(u.username, row.id);
        created++;
      }
    }
    // The demo reviewer holds all four gates for every department; an admin can split them.
    for (const departmentId of deptId.values()) {
      for (const gate of GATES as readonly Gate[]) {
        const inserted = tx
          .insert(gateAssignments)
          .values({ departmentId, gate, reviewerId: userId.get("reviewer")! })
          .onConflictDoNothing()
          .run();
        created += inserted.changes;
      }
    }
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      created += tx.insert(settings).values({ key, value }).onConflictDoNothing().run().changes;
    }
    const head = tx.select().from(users).where(eq(users.id, userId.get("head")!)).get()!;
    for (const d of DEMO_DOCUMENTS) {
      if (tx.select({ id: documents.id }).from(documents).where(eq(documents.indexNo, d.indexNo)).get()) continue;
      const originalText = readFileSync(resolve(documentsDir, d.file), "utf8");
      const analysed = options.analyze?.(originalText);
      const { file: _file, ...meta } = d;
      const doc = tx
        .insert(documents)
        .values({
          ...meta,
          departmentId: deptId.get("zfb")!,
          originalText,
          normalizedText: analysed?.normalizedText ?? originalText,
          structure: analysed?.structure ?? null,
          createdById: userId.get("drafter")!,
          publicity: "主动公开",
        })
        .returning({ id: documents.id })
        .get();
      tx.insert(packages)
        .values({
          documentId: doc.id,
          plan: {
            forms: ["text", "qa", "chart"],
            channels: ["web", "wechat"],
            interpreterId: head.id,
            interpreterName: head.displayName,
            plannedRelease: null,
          },
          ...startingFigures(analysed?.structure),
        })
        .run();
      created++;
    }
  });
  // The 西海岸 notice goes through the whole workflow to published; 博山 stays a draft.
  created += seedPublishedDemo(db).created;
  return { created };
}
