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
  | "no_text_layer";

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
