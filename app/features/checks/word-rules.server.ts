/**
 * The 审校 word lists (table word_rules) as the checks use them and as the admin page edits them.
 *
 * Which rules are in force for a package: the global rules (department_id NULL) plus its drafting
 * department's own. A database nobody has edited yet has no rows and uses the starter list
 * (STARTER_WORD_RULES); the first edit stores that list as global rows and marks the lists as
 * managed (settings "wordRules.managed"), so from then on the table alone decides — deleting the
 * last rule leaves no rules rather than bringing the starter list back.
 *
 * Every write runs in one transaction with its audit row (action admin.word_rule_*).
 */
import vm from "node:vm";
import { and, asc, eq, isNull, ne, or } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { departments, settings, wordRules } from "~/db/schema";
import { STARTER_WORD_RULES, type WordRule } from "~/domain/checks";
import { wordRuleRegExp } from "~/domain/checks/words";
import { WORD_RULES_MANAGED_SETTING } from "~/domain/settings";
import { appendAudit } from "~/models/audit.server";
import { settingStored } from "~/models/settings.server";

type Reader = Pick<Db, "select">;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];


export type StoredWordRule = {
  id: number;
  wrong: string;
  right: string;
  followedBy: string | null;
  severity: "error" | "warning";
  note: string | null;
  departmentId: number | null;
};

export type WordRuleValues = Omit<StoredWordRule, "id">;

/** A refusal the admin can fix, attached to one form field ("" = the whole form). */
export class WordRuleError extends Error {
  constructor(
    message: string,
    readonly field: "wrong" | "followedBy" | "departmentId" | "" = "",
  ) {
    super(message);
  }
}

/** Whether the lists are the table's (any stored rule, or the marker an admin's edit or the seed leaves). */
export function wordListsManaged(db: Reader): boolean {
  if (db.select({ id: wordRules.id }).from(wordRules).limit(1).get()) return true;
  return settingStored(db, WORD_RULES_MANAGED_SETTING);
}

/** The word lists in force for a department's packages: global rules plus the department's own. */
export function wordRulesInForce(db: Reader, departmentId: number): WordRule[] {
  const rows = db
    .select({ wrong: wordRules.wrong, right: wordRules.right, followedBy: wordRules.followedBy, severity: wordRules.severity, note: wordRules.note })
    .from(wordRules)
    .where(or(isNull(wordRules.departmentId), eq(wordRules.departmentId, departmentId)))
    .orderBy(asc(wordRules.id))
    .all();
  if (rows.length) return rows;
  return wordListsManaged(db) ? [] : STARTER_WORD_RULES;
}

/** Writes the starter list as global rules and marks the lists managed; returns how many rules. */
export function insertStarterList(tx: Tx): number {
  for (const r of STARTER_WORD_RULES)
    tx.insert(wordRules)
      .values({ wrong: r.wrong, right: r.right, followedBy: r.followedBy ?? null, severity: r.severity, note: r.note ?? null })
      .run();
  markManaged(tx);
  return STARTER_WORD_RULES.length;
}

/** Stores the starter list once, so what the admin page lists is exactly what the checks use. */
function storeStarterList(tx: Tx, actorId: number | null): void {
  if (wordListsManaged(tx)) return;
  insertStarterList(tx);
  appendAudit(tx, { actorId, action: "admin.word_rules_initialized", details: { count: STARTER_WORD_RULES.length } });
}

function markManaged(tx: Tx): void {
  tx.insert(settings).values({ key: WORD_RULES_MANAGED_SETTING, value: true }).onConflictDoNothing().run();
}

/** For the admin page: every stored rule (the starter list is stored on first view). */
export function listWordRules(actorId: number, db: Db = getDb()): StoredWordRule[] {
  if (!wordListsManaged(db)) db.transaction((tx) => storeStarterList(tx, actorId));
  return db.select().from(wordRules).orderBy(asc(wordRules.departmentId), asc(wordRules.id)).all();
}

export function findWordRule(id: number, db: Reader = getDb()): StoredWordRule | undefined {
  return db.select().from(wordRules).where(eq(wordRules.id, id)).get();
}

// ---------------------------------------------------------------------------------------------
// Catastrophic-backtracking probe

// Exponential and cubic patterns never finish 2,000 characters; a merely quadratic one (which the
// probe lets through) takes a few milliseconds, so the limit leaves room for a loaded machine.
const PROBE_LENGTH = 2000;
const PROBE_TIMEOUT_MS = 500;
const PROBE_SCRIPT = new vm.Script(`
  var re = new RegExp(pattern, "g");
  for (var i = 0; i < probes.length; i++) { re.lastIndex = 0; re.test(probes[i]); }
`);

/**
 * Runs the rule's search expression over long texts made to provoke backtracking (runs of digits,
 * letters, Chinese, spaces and the pattern's own characters, each ending in a character nothing
 * expects) inside a VM with a time limit, which interrupts even a runaway expression. The checks
 * run the same expression on every saved package, so a slow one would stall every save.
 */
export function probeFollowedBy(wrong: string, followedBy: string, pattern: string): boolean {
  const own = [...new Set(followedBy.replace(/[\\^$.*+?()[\]{}|]/g, ""))].slice(0, 12);
  const fillers = ["1", "a", "汉", " ", "年", "2020年", ...own];
  const probes = fillers.flatMap((f) => {
    const run = f.repeat(Math.ceil(PROBE_LENGTH / f.length)).slice(0, PROBE_LENGTH);
    return [`${wrong}${run}!`, `${wrong}${run}`];
  });
  try {
    PROBE_SCRIPT.runInNewContext({ pattern, probes }, { timeout: PROBE_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Writes

function checkRule(tx: Tx, values: WordRuleValues, exceptId: number | null): void {
  if (values.departmentId !== null && !tx.select({ id: departments.id }).from(departments).where(eq(departments.id, values.departmentId)).get())
    throw new WordRuleError("所选单位不存在，请刷新页面后重新选择。", "departmentId");
  // Two rules for the same wrong form and context whose scopes meet would report the same spot twice.
  const sameText = and(
    eq(wordRules.wrong, values.wrong),
    values.followedBy === null ? isNull(wordRules.followedBy) : eq(wordRules.followedBy, values.followedBy),
    exceptId === null ? undefined : ne(wordRules.id, exceptId),
  );
  const clash = tx
    .select({ id: wordRules.id, departmentId: wordRules.departmentId, departmentName: departments.name })
    .from(wordRules)
    .leftJoin(departments, eq(departments.id, wordRules.departmentId))
    .where(
      values.departmentId === null
        ? sameText
        : and(sameText, or(isNull(wordRules.departmentId), eq(wordRules.departmentId, values.departmentId))),
    )
    .get();
  if (clash) {
    const scope = clash.departmentId === null ? "全局词表" : `“${clash.departmentName ?? "某单位"}”的词表`;
    const context = values.followedBy ? "（后接条件相同）" : "";
    throw new WordRuleError(`${scope}中已有“${values.wrong}”的规则${context}，请直接修改那一条，不要重复添加。`, "wrong");
  }
  if (values.followedBy !== null && !probeFollowedBy(values.wrong, values.followedBy, wordRuleRegExp(values).source))
    throw new WordRuleError("后接条件在长文本上运行过慢（可能出现灾难性回溯），请简化，例如去掉嵌套或重叠的重复。", "followedBy");
}

export function createWordRule(values: WordRuleValues, actorId: number, db: Db = getDb()): number {
  return db.transaction((tx) => {
    storeStarterList(tx, actorId);
    markManaged(tx);
    checkRule(tx, values, null);
    const row = tx.insert(wordRules).values(values).returning({ id: wordRules.id }).get();
    appendAudit(tx, { actorId, action: "admin.word_rule_created", details: { ruleId: row.id, ...values } });
    return row.id;
  });
}

export function updateWordRule(id: number, values: WordRuleValues, actorId: number, db: Db = getDb()): void {
  db.transaction((tx) => {
    const before = tx.select().from(wordRules).where(eq(wordRules.id, id)).get();
    if (!before) throw new WordRuleError("这条规则已不存在（可能已被删除），请刷新页面。");
    markManaged(tx);
    checkRule(tx, values, id);
    tx.update(wordRules).set(values).where(eq(wordRules.id, id)).run();
    const { id: _id, ...was } = before;
    appendAudit(tx, { actorId, action: "admin.word_rule_updated", details: { ruleId: id, before: was, after: values } });
  });
}

/** Deletes a rule and returns what it was, so the page can offer to add it back. */
export function deleteWordRule(id: number, actorId: number, db: Db = getDb()): WordRuleValues {
  return db.transaction((tx) => {
    const before = tx.select().from(wordRules).where(eq(wordRules.id, id)).get();
    if (!before) throw new WordRuleError("这条规则已不存在（可能已被删除），请刷新页面。");
    markManaged(tx);
    tx.delete(wordRules).where(eq(wordRules.id, id)).run();
    const { id: _id, ...was } = before;
    appendAudit(tx, { actorId, action: "admin.word_rule_deleted", details: { ruleId: id, ...was } });
    return was;
  });
}
