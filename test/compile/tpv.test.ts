// TPV output of the current target: plain TPV a reader (and tpv lint) can
// check — one tool entry for every interactive tool id that requires the gxit
// tag only the GxIT destination has, the login rule, per-tool resources and
// user mapping — and a job config that only names the tpv_dispatcher.
import { expect } from "chai";
import { parse } from "yaml";
import { OUTPUT_PATHS } from "../../src/compile/emitter.js";
import { compileDeployment } from "../../src/compile/index.js";
import { loadConfigFile } from "../../src/config/load.js";
import { ConfigError } from "../../src/util/errors.js";
import { deploymentOf, repoPath } from "../helpers.js";

describe("TPV output (gtn-current, jobs.tpv)", () => {
  const d = loadConfigFile(repoPath("examples/gtn-current-tpv.yml"));
  const tree = compileDeployment(d);
  const tpv = parse(String(tree.get("templates/galaxy/config/tpv_interactive_tools.yml.j2")!.content));
  const vars = parse(String(tree.get(OUTPUT_PATHS.groupVars("galaxyservers"))!.content));

  it("sends every interactive tool to the GxIT destination by a regex tool entry and the gxit tag", () => {
    expect(tpv.tools["interactive_tool_.*"].scheduling).to.deep.equal({ require: ["gxit"] });
    expect(tpv.destinations.interactive_pulsar.scheduling).to.deep.equal({ require: ["gxit"] });
    expect(tpv.destinations.local_env).to.deep.equal({ runner: "local_runner" });
    expect(tpv.destinations.interactive_pulsar.params).to.include({ docker_enabled: true, require_container: true, container_monitor_result: "callback" });
  });

  it("fails interactive tool jobs of anonymous users", () => {
    expect(tpv.tools["interactive_tool_.*"].rules).to.deep.equal([
      { id: "gxit_require_login", if: "user is None", fail: "Interactive tools are available to registered users only. Please log in." },
    ]);
  });

  it("per-tool resources, walltime and user mapping", () => {
    expect(tpv.tools.interactive_tool_jupyter_notebook).to.deep.equal({
      cores: 1,
      mem: 4,
      context: { walltime: 8 },
      params: { docker_run_extra_arguments: "-e NB_UID=$(id -u)" },
    });
  });

  it("the job config only names the dispatcher that loads the TPV file, which galaxyproject.galaxy installs", () => {
    expect(vars.galaxy_job_config.execution).to.deep.equal({
      default: "tpv_dispatcher",
      environments: {
        tpv_dispatcher: {
          runner: "dynamic",
          type: "python",
          function: "map_tool_to_destination",
          rules_module: "tpv.rules",
          tpv_config_files: ["{{ galaxy_config_dir }}/tpv_interactive_tools.yml"],
        },
      },
    });
    expect(vars.galaxy_job_config).to.not.have.property("tools");
    expect(vars.galaxy_config_templates).to.deep.include({
      src: "templates/galaxy/config/tpv_interactive_tools.yml.j2",
      dest: "{{ galaxy_config_dir }}/tpv_interactive_tools.yml",
    });
  });

  it("lint sees the TPV routes: every panel tool the regex matches runs on the GxIT destination", () => {
    expect(d.jobs.tools.map((t) => [t.id, t.destinationId])).to.deep.equal([
      ["interactive_tool_ethercalc", "interactive_pulsar"],
      ["interactive_tool_jupyter_notebook", "interactive_pulsar"],
    ]);
  });

  it("defaults the GxIT destination to a Docker destination on embedded Pulsar", () => {
    const m = deploymentOf("version: 1\ntarget: gtn-current\njobs:\n  tpv: {}\n");
    expect(m.jobs.tpv?.destinationId).to.equal("interactive_local");
  });

  it("refuses TPV on gtn-2020 and an unknown destination", () => {
    const messages = (text: string) => {
      try {
        deploymentOf(text);
        return [];
      } catch (e) {
        return (e as ConfigError).diagnostics.map((x) => x.message);
      }
    };
    expect(messages("version: 1\njobs:\n  tpv: {}\n")[0]).to.match(/jobs.tpv needs target gtn-current/);
    expect(messages("version: 1\ntarget: gtn-current\njobs:\n  tpv: {destination: nope}\n")[0]).to.match(/jobs.tpv.destination "nope" is not a destination/);
  });
  it("a remote GxIT destination keeps its walltime in TPV's destination and its per-user limit in the job config, by TPV's destination id", () => {
    const remote = compileDeployment(
      deploymentOf(
        [
          "version: 1",
          "target: gtn-current",
          "jobs:",
          "  runners: {local: {type: local}, slurm: {type: slurm}}",
          "  default_destination: local",
          "  destinations:",
          "    local: {runner: local}",
          "    gxit_slurm:",
          "      runner: slurm",
          "      limits: {walltime: '06:00:00', user_concurrent_jobs: 1}",
          "      params: {docker_enabled: true, require_container: true, container_monitor_result: callback}",
          "  tpv: {destination: gxit_slurm}",
        ].join("\n") + "\n",
      ),
    );
    const remoteTpv = parse(String(remote.get("templates/galaxy/config/tpv_interactive_tools.yml.j2")!.content));
    const remoteVars = parse(String(remote.get(OUTPUT_PATHS.groupVars("galaxyservers"))!.content));
    expect(remoteTpv.destinations.gxit_slurm.params.nativeSpecification).to.equal("--time=06:00:00");
    expect(remoteVars.galaxy_job_config.limits).to.deep.equal([{ type: "destination_user_concurrent_jobs", id: "gxit_slurm", value: 1 }]);
  });
});
