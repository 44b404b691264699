/**
 * Confusable words and non-standard expressions from editable word lists (table word_rules;
 * STARTER_WORD_RULES is what a fresh install gets). A rule may require context after the match:
 * "截止" is only wrong when a date follows ("截止2020年底" → "截至"), not in "截止日期".
 */
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText, WordRule } from "./types";

// written so that a long run of spaces after "截止" costs linear time (no `\s*X?\s*`)
const DATE_AHEAD = "\\s*(?:(?:到|至)\\s*)?(?:\\d{4}|[〇零一二三四五六七八九]{4}|今年|去年|上年|本年|目前|当前|\\d{1,2}\\s*月|[一二三四五六七八九十]{1,2}月)";

export const STARTER_WORD_RULES: WordRule[] = [
  { wrong: "法制政府", right: "法治政府", severity: "error", note: "依法治国语境用“法治”" },
  { wrong: "法制国家", right: "法治国家", severity: "error" },
  { wrong: "法制社会", right: "法治社会", severity: "error" },
  { wrong: "法制中国", right: "法治中国", severity: "error" },
  { wrong: "行政权利", right: "行政权力", severity: "error", note: "公权力用“权力”" },
  { wrong: "截止", right: "截至", followedBy: DATE_AHEAD, severity: "error", note: "后接时间点用“截至”" },
  { wrong: "贯切落实", right: "贯彻落实", severity: "error" },
  { wrong: "布署", right: "部署", severity: "error" },
  { wrong: "按排", right: "安排", severity: "error" },
  { wrong: "做为", right: "作为", severity: "error" },
  { wrong: "既使", right: "即使", severity: "error" },
  { wrong: "必竟", right: "毕竟", severity: "error" },
  { wrong: "再接再励", right: "再接再厉", severity: "error" },
  { wrong: "迫不急待", right: "迫不及待", severity: "error" },
  { wrong: "一愁莫展", right: "一筹莫展", severity: "error" },
  { wrong: "不径而走", right: "不胫而走", severity: "error" },
  { wrong: "精减高效", right: "精简高效", severity: "error" },
  { wrong: "通迅", right: "通讯", severity: "error" },
  // 账 for money and accounts (《第一批异形词整理表》 and the 现代汉语词典: 账号、账户、专账)
  { wrong: "帐号", right: "账号", severity: "error" },
  { wrong: "帐户", right: "账户", severity: "error" },
  { wrong: "帐目", right: "账目", severity: "error" },
  { wrong: "专帐", right: "专账", severity: "error" },
  { wrong: "记帐", right: "记账", severity: "error" },
  { wrong: "对帐", right: "对账", severity: "error" },
  { wrong: "签定", right: "签订", severity: "error", note: "订立合同、协议用“签订”" },
  { wrong: "登陆", right: "登录", followedBy: "[^，。；\\n]{0,8}(?:小程序|APP|App|app|客户端|公众号|网站|网页|平台|系统|账号|邮箱|网上|官网)", severity: "error", note: "进入网站、应用用“登录”" },
  { wrong: "座落", right: "坐落", severity: "error" },
  { wrong: "部份", right: "部分", severity: "error" },
  { wrong: "编篡", right: "编纂", severity: "error" },
  { wrong: "松驰", right: "松弛", severity: "error" },
  { wrong: "暴发疫情", right: "爆发疫情", severity: "warning" },
  { wrong: "党中央国务院", right: "党中央、国务院", severity: "warning", note: "并列机关之间加顿号" },
  { wrong: "中共中央办公厅国务院办公厅", right: "中共中央办公厅、国务院办公厅", severity: "warning" },
  { wrong: "国务院办公室", right: "国务院办公厅", severity: "error", note: "机构名称" },
  { wrong: "新冠疫情防控常态化", right: "疫情防控常态化", severity: "warning" },
];

type Compiled = { rule: WordRule; re: RegExp };

const cache = new WeakMap<WordRule[], Compiled[]>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The expression a rule is searched with: the wrong form literally, then the context as a
 * lookahead. The admin form validates `followedBy` with this very function (app/domain/forms/admin.ts).
 */
export function wordRuleRegExp(rule: Pick<WordRule, "wrong" | "followedBy">): RegExp {
  const ahead = rule.followedBy ? `(?=${rule.followedBy})` : "";
  return new RegExp(`${escapeRegExp(rule.wrong)}${ahead}`, "g");
}

/** A broken `followedBy` expression (typed by an administrator) must not stop the other rules. */
function compile(rules: WordRule[]): Compiled[] {
  const hit = cache.get(rules);
  if (hit) return hit;
  const out: Compiled[] = [];
  for (const rule of rules) {
    if (!rule.wrong) continue;
    try {
      out.push({ rule, re: wordRuleRegExp(rule) });
    } catch {
      out.push({ rule, re: new RegExp(escapeRegExp(rule.wrong), "g") });
    }
  }
  cache.set(rules, out);
  return out;
}

export function checkWords(input: InterpretationText, rules: WordRule[]): Finding[] {
  const findings: Finding[] = [];
  for (const { rule, re } of compile(rules)) {
    re.lastIndex = 0;
    for (const m of input.text.matchAll(re)) {
      const offset = m.index ?? 0;
      // "党中央、国务院" must not be flagged by a rule whose right form contains the wrong one
      if (rule.right.includes(rule.wrong) && input.text.startsWith(rule.right, offset - rule.right.indexOf(rule.wrong))) continue;
      findings.push({
        rule: "word.confusable",
        severity: rule.severity,
        message: `“${rule.wrong}”应为“${rule.right}”${rule.note ? `（${rule.note}）` : ""}。请改正。`,
        excerpt: m[0],
        offset,
        expected: rule.right,
        field: fieldAt(input.segments, offset),
      });
    }
  }
  return findings;
}
