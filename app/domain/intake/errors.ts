/**
 * The one error type of document intake. Every way an upload can fail maps to a code and a
 * Chinese message that tells the officer what to do next; callers never see a raw parser crash.
 */
export type IntakeErrorCode =
  | "empty"
  | "too_large"
  | "type_mismatch"
  | "unsupported_type"
  | "unknown_encoding"
  | "binary_text"
  | "corrupt_docx"
  | "corrupt_pdf"
  | "encrypted_pdf"
  | "no_text_layer"
  /** a .docx whose parts expand beyond the limits (a decompression bomb, or far too large) */
  | "docx_too_large"
  /** nesting or element count beyond what a real document has, or beyond the reader's memory */
  | "too_complex"
  /** reading took longer than the time limit */
  | "timeout"
  /** too many uploads being read at once */
  | "busy";

export class IntakeError extends Error {
  readonly code: IntakeErrorCode;

  constructor(code: IntakeErrorCode, message: string) {
    super(message);
    this.name = "IntakeError";
    this.code = code;
  }
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} 字节`;
}

/** The text is longer than the documented limit (MAX_SOURCE_CHARS): what to do instead. */
export function textTooLong(name: string, chars: number, max: number): IntakeError {
  return new IntakeError(
    "too_large",
    `“${name}”的文字有 ${chars.toLocaleString("zh-CN")} 个字符，超过上限 ${max.toLocaleString("zh-CN")} 个（约 ${Math.round(max / 10_000)} 万字）。请拆分成几个文件分别新建，或删去附件、附表后再试。`,
  );
}
