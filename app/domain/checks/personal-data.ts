/**
 * Personal data (保密关): 18-digit resident ID numbers with a valid GB 11643 checksum, mainland
 * mobile numbers and e-mail addresses. Each is an error with the masked form to publish instead.
 */
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

export function maskResidentId(id: string): string {
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

export function maskMobile(digits: string): string {
  return `${digits.slice(0, 3)}****${digits.slice(7)}`;
}

export function maskEmail(email: string): string {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_RE = /(?<![0-9A-Za-z])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?![0-9A-Za-z])/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export function checkPersonalData(input: InterpretationText): Finding[] {
  const findings: Finding[] = [];
  const { text } = input;
  const taken: [number, number][] = [];
  for (const m of text.matchAll(ID_RE)) {
    const offset = m.index ?? 0;
    if (!isValidResidentId(m[0])) continue;
    taken.push([offset, offset + m[0].length]);
    const masked = maskResidentId(m[0]);
    findings.push({
      rule: "personal.id",
      severity: "error",
      message: `含有身份证号码，属于个人信息，公开前须删除或脱敏为“${masked}”。`,
      excerpt: m[0],
      offset,
      expected: masked,
      field: fieldAt(input.segments, offset),
    });
  }
  for (const m of text.matchAll(MOBILE_RE)) {
    const offset = m.index ?? 0;
    if (taken.some(([s, e]) => offset < e && s < offset + m[0].length)) continue;
    const masked = maskMobile(`${m[1]}${m[2]}${m[3]}`);
    findings.push({
      rule: "personal.mobile",
      severity: "error",
      message: `含有手机号码，属于个人信息，公开前须删除或脱敏为“${masked}”；对外咨询请留单位办公电话。`,
      excerpt: m[0],
      offset,
      expected: masked,
      field: fieldAt(input.segments, offset),
    });
  }
  for (const m of text.matchAll(EMAIL_RE)) {
    const offset = m.index ?? 0;
    const masked = maskEmail(m[0]);
    findings.push({
      rule: "personal.email",
      severity: "error",
      message: `含有个人电子邮箱，公开前须删除或脱敏为“${masked}”；对外联系请使用单位公共邮箱并经审核。`,
      excerpt: m[0],
      offset,
      expected: masked,
      field: fieldAt(input.segments, offset),
    });
  }
  return findings;
}
