import { analyzeDocument } from "~/domain/analysis";
import type { Analyze } from "./seed.server";

/**
 * The analyzer that gives seeded documents their structure: the same `analyzeDocument` the
 * 新建文件 import uses. `structure` keeps the analysis without its copy of the text, which is
 * stored once, in `normalized_text`.
 */
export async function seedAnalyzer(): Promise<Analyze> {
  return (text) => {
    const { text: normalizedText, ...structure } = analyzeDocument(text);
    return { normalizedText: normalizedText ?? text, structure };
  };
}
