/**
 * Codes from app/domain/vocabulary.ts spelled as SQL literals. SQLite uses a partial index only
 * when it can prove the query's WHERE implies the index's, which it cannot do through bound
 * parameters (`IN (?, ?)`), so state lists go into the SQL text. Codes only, never user input:
 * anything but lower-case letters and underscores is refused.
 */
export function sqlCodeList(codes: readonly string[]): string {
  return codes
    .map((code) => {
      if (!/^[a-z_]+$/.test(code)) throw new Error(`not a code: ${code}`);
      return `'${code}'`;
    })
    .join(", ");
}
