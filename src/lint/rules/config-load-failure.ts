// Reported by the front end (config/load.ts) when the file cannot be read or
// is not valid YAML; lint then runs no other rule on it.
import { defineConfigRule, yaml } from "../meta.js";

export default defineConfigRule("load-failure", {
  description: "The config file cannot be read or is not valid YAML.",
  rationale:
    "Nothing can be checked or generated from a file that does not parse. gxit-gen reads YAML 1.2 with unique keys, " +
    "so a key written twice (which other parsers silently resolve to the last value) is an error too, as are tabs in " +
    "indentation and unclosed quotes or brackets.",
  fix: "Fix the YAML at the reported line and column (or the path of the file); `gxit-gen validate FILE` shows every problem.",
  examples: {
    problematic: yaml`
      version: 1
      galaxy:
        hostname: galaxy.example.org
        hostname: galaxy.example.com
    `,
    correct: yaml`
      version: 1
      galaxy:
        hostname: galaxy.example.org
    `,
  },
  sources: ["ansible-lint's load-failure rule", "YAML 1.2.2, 3.2.1.1 (mapping keys are unique)"],
});
