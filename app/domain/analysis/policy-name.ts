/**
 * The short name a person uses for a policy, read from the document's title, for questions such as
 * "这次价格临时补贴的对象有哪些？" — never the full title in 《》, never an attachment's title (a form
 * listed under 附件 is not the policy).
 *
 * Map of the flow (`policyName`):
 *   1. the title's subject: a 印发/转发 notice names the attached document ("关于印发《X实施办法》的
 *      通知" → X, kind 实施办法); any other title says what is done ("关于启动…机制发放价格临时补贴的
 *      通知" → act 发放, object 价格临时补贴 — the object of its *last* action verb);
 *   2. the object without what only dates or places it (the year, 秋季学期, the issuer's county) and
 *      without generic tails (工作, 有关事项, 政策落实, 活动);
 *   3. shortened while longer than SHORT: the document's own "（以下简称X）" replaces the words it
 *      abbreviates; each conjunct of "A和B" is cut to the longest tail the text also uses on its own
 *      ("经济困难失能老年人养老服务补贴" → "养老服务补贴"); the words after a last 等/的; the same tail
 *      rule on the whole name;
 *   4. `act` (a verb phrase: "发放价格临时补贴", "制定租赁补贴实施办法", "做好耕地地力保护补贴工作")
 *      and `ref` (a noun phrase: "这次价格临时补贴", "租赁补贴实施办法") for the question templates;
 *      `fallbackRef` ("本通知") when a question would still run over its length.
 */

export type PolicyName = {
  /** what the policy is about, short: "价格临时补贴", "居民医保参保缴费", "高龄津贴和养老服务补贴" */
  name: string;
  /** the act the title announces, as a verb phrase */
  act: string;
  /** the policy as a noun phrase */
  ref: string;
  /** "本通知", "本办法", "本公告" … */
  fallbackRef: string;
};

/** A name at most this long is used as it is. */
const SHORT = 10;
/** A tail the text uses on its own may be this long at most ("收费目录清单", "养老服务补贴"). */
const TAIL_MAX = 8;

/** Document kinds a title ends with, longest first. */
const KINDS = ["实施细则", "实施办法", "实施方案", "管理办法", "考核办法", "工作要点", "若干措施", "若干政策", "行动方案", "工作方案", "指导意见", "实施意见", "通知", "通告", "公告", "意见", "办法", "方案", "规定", "细则", "要点", "措施", "决定", "批复", "规划", "计划", "清单", "指南", "函"];
const KIND_AT_END = new RegExp(`(${KINDS.join("|")})$`);

/** Verbs whose object is what the policy is about; "做好…工作" and similar say nothing of their own. */
const ACT_VERBS = ["发放", "调整", "提高", "启动", "开展", "公布", "实施", "下达", "建立", "规范", "实行", "设立", "取消", "延长", "降低", "明确", "加强", "推进", "完善", "扩大", "支持", "做好", "抓好", "落实", "推动", "加快"];
const GENERIC_VERBS = new Set(["做好", "抓好", "落实", "推动", "加快", "加强", "推进"]);
const ADVERBS = /^(?:进一步|切实|认真|全面|扎实|持续|继续|深入|着力|大力|积极|加快)+/;
/** What an act changes about the policy ("调整…补贴标准"): part of the act, not of the name. */
const MEASURE_TAIL = /(?:标准|水平|额度)$/;
const GENERIC_TAIL = /(?:有关工作|相关工作|有关事项|相关事项|有关事宜|政策落实工作|落实工作|政策落实|工作|政策|活动)+$/;
const TIME_WORDS = /(?:\d{4}[—－-]\d{4}年|\d{4}年度?|[二〇零一二三四五六七八九]{4}年度?)(?:(?:春季|秋季|春秋季)学期|上半年|下半年)?|(?:春季|秋季)学期/g;
const PLACE_OF_ISSUER = /^(.{2,8}?(?:省|市|县|区|旗|镇|乡))(?=人民政府|政府|党委|委员会|.{0,12}(?:局|委|办|厅|中心|署|院|管委会))/;

function stripTime(s: string): string {
  return s.replace(TIME_WORDS, "");
}

function stripPlace(s: string, place: string | null): string {
  if (place && s.startsWith(place) && s.length > place.length + 2) return s.slice(place.length);
  return s;
}

/** Characters a word may follow: not an ideograph, or a function word ("的", "和", "将" …). */
const WORD_BOUNDARY_BEFORE = /[^\u4e00-\u9fff]|[的和及与或将把对在为是按由从等各本该此其]/;

/**
 * The longest tail (at most TAIL_MAX, at least 4 characters) of `phrase` that the text also uses as
 * a word of its own — somewhere after punctuation or a function word ("经济困难失能老年人养老服务
 * 补贴" → "养老服务补贴", written alone in "。养老服务补贴以服务券…"); a tail that only occurs inside
 * longer words ("性收费目录清单") is no name.
 */
function independentTail(phrase: string, text: string): string {
  for (let len = Math.min(TAIL_MAX, phrase.length - 1); len >= 4; len--) {
    const tail = phrase.slice(-len);
    for (let i = text.indexOf(tail); i >= 0; i = text.indexOf(tail, i + 1)) {
      if (i === 0 || WORD_BOUNDARY_BEFORE.test(text[i - 1])) return tail;
    }
  }
  return "";
}

/** Split "A和B" / "A、B" at the top level (not inside quotes or brackets). */
function conjuncts(s: string): { parts: string[]; joiners: string[] } {
  const parts: string[] = [];
  const joiners: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if ("“《（(".includes(ch)) depth++;
    else if ("”》）)".includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "和" || ch === "及" || ch === "与" || ch === "、") && cur.length >= 2) {
      parts.push(cur);
      joiners.push(ch);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return { parts, joiners };
}

/** The document's own abbreviation applied: "城乡居民基本医疗保险参保缴费" + （以下简称居民医保） → "居民医保参保缴费". */
function withAbbreviation(name: string, text: string): string {
  // found by the marker, then read around it (a pattern starting anywhere would try every offset)
  for (let at = text.indexOf("以下简称"); at >= 0; at = text.indexOf("以下简称", at + 4)) {
    if (at < 1 || !"（(".includes(text[at - 1])) continue;
    const short = /^[“"]?([^”"）)\n]{2,8})[”"]?[）)]/.exec(text.slice(at + 4, at + 16))?.[1];
    if (!short) continue;
    const lead = text.slice(Math.max(0, at - 31), at - 1);
    const before = lead.slice(Math.max(lead.search(/[^\n，。；（(]*$/), 0));
    // the longest tail of the words before the bracket that the name contains
    for (let len = Math.min(before.length, name.length); len >= 4; len--) {
      const full = before.slice(-len);
      if (name.includes(full)) return name.replace(full, short);
    }
  }
  return name;
}

function shorten(name: string, text: string): string {
  let s = withAbbreviation(name, text);
  if (s.length <= SHORT) return s;
  const { parts, joiners } = conjuncts(s);
  if (parts.length > 1) {
    // "A和B" names two things: each is shortened, the pair is not cut to one of them
    // ("涉企行政事业性收费和涉企经营服务性收费目录清单" has no short conjuncts: its head noun is the name)
    const cut = parts.map((p) => (p.length <= TAIL_MAX ? p : independentTail(p, text)));
    if (cut.every((p) => p.length >= 2)) return cut.map((p, i) => (i < joiners.length ? `${p}${joiners[i]}` : p)).join("");
  }
  const after = Math.max(s.lastIndexOf("等"), s.lastIndexOf("的"));
  if (after >= 0 && s.length - after - 1 >= 4) s = s.slice(after + 1);
  if (s.length <= SHORT) return s;
  return independentTail(s, text) || s;
}

/** The object of the last action verb of a title's subject, the verb, and what the verb governs. */
function actOf(subject: string): { verb: string; object: string } {
  const s = subject.replace(ADVERBS, "");
  let best: { verb: string; at: number } | null = null;
  for (const verb of ACT_VERBS) {
    for (let at = s.indexOf(verb); at >= 0; at = s.indexOf(verb, at + 1)) {
      const rest = s.slice(at + verb.length).replace(GENERIC_TAIL, "");
      // a verb whose object is only 工作 ("…政策落实工作") governs nothing; the one before it does
      if (rest.length < 2) continue;
      if (!best || at > best.at) best = { verb, at };
    }
  }
  if (!best) return { verb: "", object: s };
  // "启动…机制发放价格临时补贴": the object of 发放; a generic verb keeps what follows it
  return { verb: best.verb, object: s.slice(best.at + best.verb.length) };
}

export function issuerPlace(issuer: string | null): string | null {
  const m = issuer ? PLACE_OF_ISSUER.exec(issuer) : null;
  return m ? m[1] : null;
}

/**
 * `title`: the document's title; `attached`: the titles of the documents a cover notice wraps;
 * `text`: the whole text (for abbreviations and the names it uses); `issuer`: to drop the county.
 */
export function policyName(title: string, attached: string[], text: string, issuer: string | null): PolicyName {
  const place = issuerPlace(issuer);
  const plain = title.replace(/\s+/g, "");
  const kindMatch = KIND_AT_END.exec(plain);
  const kind = kindMatch ? kindMatch[1] : "通知";
  const fallbackRef = `本${kind.length > 2 ? kind.slice(-2) : kind}`;
  const about = /关于(.+?)的(?:通知|通告|公告|意见|决定|批复|函)$/.exec(plain)?.[1] ?? "";
  const wrapped = /^(?:印发|转发|下发)《?(.+?)》?$/.exec(about)?.[1] ?? (about ? null : attached[0] ?? null);

  if (wrapped && attached.length > 1) {
    // a cover notice wrapping several documents: "政务公开工作要点和考核办法"
    const each = attached.map((t) => policyName(t, [], text, issuer));
    const names = new Set(each.map((e) => e.name));
    const kinds = each.map((e) => e.ref.slice(e.name.length));
    const ref = names.size === 1 && kinds.every((k) => k) ? `${each[0].name}${kinds.join("和")}` : each.map((e) => e.ref).join("和");
    return { name: each[0].name, act: `制定${ref}`, ref, fallbackRef };
  }
  if (wrapped && attached.length === 1) return { ...policyName(attached[0], [], text, issuer), fallbackRef };
  if (wrapped || (!about && plain)) {
    // a 印发 notice, or a document that is itself the policy ("…实施办法")
    const doc = stripPlace(stripTime(wrapped ?? plain), place);
    const docKind = KIND_AT_END.exec(doc)?.[1] ?? "";
    const body = doc.slice(0, doc.length - docKind.length).replace(GENERIC_TAIL, "");
    const { verb, object } = actOf(body);
    const core = verb && !GENERIC_VERBS.has(verb) ? object : body;
    const name = shorten(stripPlace(core.replace(GENERIC_TAIL, ""), place), text) || body;
    const ref = docKind ? `${name}${docKind}` : name;
    return { name, act: `制定${ref}`, ref, fallbackRef };
  }

  const { verb, object } = actOf(about);
  const cleaned = stripPlace(stripTime(object), place);
  const core = cleaned.replace(GENERIC_TAIL, "");
  const tail = cleaned.slice(core.length);
  const bare = core.replace(/(?:发放|实施|落实)$/, "").replace(MEASURE_TAIL, "");
  const measure = core.replace(/(?:发放|实施|落实)$/, "").slice(bare.length);
  const name = shorten(bare.length >= 2 ? bare : core, text) || core;
  if (!name) return { name: "", act: `出台${fallbackRef}`, ref: fallbackRef, fallbackRef };
  let act: string;
  if (!verb) act = `出台${name}`;
  else if (GENERIC_VERBS.has(verb)) act = `${verb}${name}工作`;
  else act = `${verb}${cleaned.length <= 16 ? cleaned : `${name}${measure}${tail}`}`;
  return { name, act, ref: `这次${name}`, fallbackRef };
}
