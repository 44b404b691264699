// Minimal types for the parts of autocannon the benchmarks use (the package ships none).
declare module "autocannon" {
  type Stats = { average: number; mean: number; p50: number; p90: number; p99: number; max: number };
  export type Result = { requests: Stats; latency: Stats; throughput: Stats; non2xx: number; errors: number; timeouts: number };
  /** setupRequest may rewrite each request (e.g. a different path per request) */
  export type RequestSpec = { path?: string; setupRequest?: (request: { path: string }) => { path: string } };
  export default function autocannon(options: {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    requests?: RequestSpec[];
  }): Promise<Result>;
}
