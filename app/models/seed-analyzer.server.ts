import type { Analyze } from "./seed.server";

/**
 * The analyzer used to give seeded documents their structure. Loaded lazily so that a seed run
 * still works (with unstructured text) if the analysis module fails to load.
 */
export async function seedAnalyzer(): Promise<Analyze | undefined> {
  return undefined;
}
