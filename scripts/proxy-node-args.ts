// Options for node itself that the packaged unit starts gxit-proxy with
// (the role's gxit_proxy_node_args default), and that `npm run bench:proxy`
// starts it with, so the benchmark measures what is deployed.
//
// --single-threaded-gc: every socket read is a new 64 KB ArrayBuffer, so a
// proxy streaming downloads allocates hundreds of MB/s of external memory.
// With V8's concurrent marking and sweeping, those bursts start full
// mark-compacts on helper threads (80 in 4 s of 1 MB responses, against 11
// without them, --trace-gc), and the helper threads take the cores the proxy,
// the tools and nginx need: 1.5–2 ms of CPU per MB streamed against 0.7–1.1,
// and 0.55–0.85× nginx's throughput against 0.8–1.3× in the same runs on a
// 2-core machine (docs/benchmarks.md). Small responses measure the same
// either way.
//
// --max-semi-space-size=8 (MB; V8's default limit is 16): the young
// generation stops growing at half the size. Requests and websockets hold
// little each, so it costs no throughput measurably, and 2,000 idle
// websockets on a fresh proxy take about 18 KB of resident memory each
// instead of 23–25 (the first connections also pay for the heap's growth).
//
// Set gxit_proxy_node_args: [] for V8's defaults.
export const PROXY_NODE_ARGS: readonly string[] = ["--single-threaded-gc", "--max-semi-space-size=8"];
