// Tiny configs for rule tests. `docker(runner, params)` gives a Docker
// destination "gxit" on a runner "r" of the given type:
//   line 9 is `docker_enabled: true`, line 10 + i is the i-th extra param,
//   and a param value starts at column key.length + 11.
// `head` lines go right after `version: 1` and shift everything down.
export function docker(type: string, params: string[] = [], opts: { head?: string[]; tail?: string[] } = {}): string {
  return (
    [
      "version: 1",
      ...(opts.head ?? []),
      "jobs:",
      "  runners:",
      `    r: {type: ${type}}`,
      "  destinations:",
      "    gxit:",
      "      runner: r",
      "      params:",
      "        docker_enabled: true",
      ...params.map((p) => `        ${p}`),
      ...(opts.tail ?? []),
    ].join("\n") + "\n"
  );
}

/** Routes interactive_tool_ethercalc to gxit (append as `tail` of docker()). */
export const ROUTE_ETHERCALC = ["  tools:", "    - id: interactive_tool_ethercalc", "      destination: gxit"];
