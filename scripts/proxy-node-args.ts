// Options for node itself that the packaged unit starts gxit-proxy with
// (the role's gxit_proxy_node_args default), and that `npm run bench:proxy`
// starts it with, so the benchmark measures what is deployed. Why each, with
// the measurements: docs/proxy.md, "Which library carries which path".
//   --single-threaded-gc      V8's concurrent GC turns the burst of 64 KB
//                             socket-read buffers a download allocates into
//                             full collections on helper threads that take
//                             the cores: about twice the CPU per MB streamed.
//   --max-semi-space-size=8   caps the young generation's growth (V8: 16 MB),
//                             which idle websockets would otherwise pay for.
export const PROXY_NODE_ARGS: readonly string[] = ["--single-threaded-gc", "--max-semi-space-size=8"];
