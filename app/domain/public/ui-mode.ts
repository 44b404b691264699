/**
 * 适老化 (ageing-friendly) mode: large text + high contrast, a preference kept in a plain cookie
 * (not a secret, not signed) and applied on the server as classes on <html>, so it works without
 * JavaScript and never flashes.
 */
export const ELDER_COOKIE = "jiedu_elder";
export const ELDER_CLASSES = "elder contrast";

export function readElderMode(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((c) => c.trim() === `${ELDER_COOKIE}=1`);
}

export function elderCookie(on: boolean): string {
  return on
    ? `${ELDER_COOKIE}=1; Path=/; Max-Age=31536000; SameSite=Lax`
    : `${ELDER_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
}
