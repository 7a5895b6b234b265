// Remote job hosts in the model: limits.walltime written as Slurm's --time
// into the param the runner hands to Slurm, per-destination concurrency as
// Galaxy's job conf limits, and one clear error for each mistake.
import { expect } from "chai";
import { setsWalltime } from "../../src/config/job-hosts.js";
import { deploymentOf, problemsOf } from "../helpers.js";

/** A config with one runner "r" of `type` and a destination "gxit" on it with the given extra lines. */
function config(type: string, dest: string[], tail: string[] = []): string {
  return ["version: 1", "jobs:", "  runners:", `    r: {type: ${type}}`, "  destinations:", "    gxit:", "      runner: r", ...dest.map((l) => `      ${l}`), ...tail].join("\n") + "\n";
}

describe("remote job hosts in the model", () => {
  it("writes limits.walltime as Slurm's --time: nativeSpecification on Slurm, submit_native_specification on Pulsar REST/MQ", () => {
    const slurm = deploymentOf(config("slurm", ["limits: {walltime: '08:00:00'}", "params: {nativeSpecification: --partition=gxit}"]));
    expect(slurm.jobs.destinations[0]!.params.nativeSpecification).to.equal("--time=08:00:00 --partition=gxit");
    expect(slurm.jobs.destinations[0]!.walltime).to.deep.equal({ value: "08:00:00", path: ["jobs", "destinations", "gxit", "limits", "walltime"] });
    for (const type of ["pulsar_rest", "pulsar_mq"]) {
      const d = deploymentOf(config(type, ["limits: {walltime: '1-00:00:00'}"]));
      expect(d.jobs.destinations[0]!.params.submit_native_specification).to.equal("--time=1-00:00:00");
    }
  });

  it("refuses a walltime the runner cannot hand to a scheduler, and a second wall-clock option", () => {
    expect(problemsOf(config("local", ["limits: {walltime: '08:00:00'}"]))[0]).to.match(/^8:26 destination "gxit": limits.walltime is written as Slurm's --time, which runner "r" \(local\) does not take/);
    expect(problemsOf(config("pulsar_embedded", ["limits: {walltime: '08:00:00'}"]))[0]).to.match(/pulsar\.managers\.<name>\.native_specification/);
    expect(problemsOf(config("slurm", ["limits: {walltime: '08:00:00'}", "params: {nativeSpecification: '-p gxit -t 2:00:00'}"]))).to.deep.equal([
      '9:37 destination "gxit": params.nativeSpecification already sets a wall-clock limit and limits.walltime sets another; keep one of them',
    ]);
  });

  it("turns per-destination concurrency into Galaxy limits after jobs.limits", () => {
    const d = deploymentOf(config("slurm", ["limits: {user_concurrent_jobs: 2, total_concurrent_jobs: 20}"], ["  limits:", "    - {type: walltime, value: '24:00:00'}"]));
    expect(d.jobs.limits.map(({ path: _p, ...l }) => l)).to.deep.equal([
      { type: "walltime", value: "24:00:00" },
      { type: "destination_user_concurrent_jobs", id: "gxit", value: 2 },
      { type: "destination_total_concurrent_jobs", id: "gxit", value: 20 },
    ]);
  });

  it("checks jobs.limits against Galaxy's rules, each at its key", () => {
    const limits = (...lines: string[]) => problemsOf(config("slurm", [], ["  limits:", ...lines.map((l) => `    - ${l}`)]));
    expect(limits("{type: destination_user_concurrent_jobs, value: 2}")[0]).to.match(/^9:8 jobs.limits\[0\]: a destination_user_concurrent_jobs limit needs the id/);
    expect(limits("{type: destination_user_concurrent_jobs, id: gxt, value: 2}")[0]).to.match(/destination "gxt" is not in jobs.destinations; did you mean "gxit"\?/);
    expect(limits("{type: walltime, id: gxit, value: '24:00:00'}")[0]).to.match(/applies to every job and takes no id/);
    expect(limits("{type: walltime, value: 24}")[0]).to.match(/a walltime limit is a duration written HH:MM:SS/);
    expect(limits("{type: registered_user_concurrent_jobs, value: '2'}")[0]).to.match(/is a number of jobs/);
    expect(limits("{type: output_size, value: 10GB}")).to.deep.equal([]);
    expect(limits("{type: walltime, value: '24:00:00', window: 30}")[0]).to.match(/window belongs to total_walltime only/);
    expect(problemsOf(config("slurm", ["limits: {user_concurrent_jobs: 2}"], ["  limits:", "    - {type: destination_user_concurrent_jobs, id: gxit, value: 1}"]))[0]).to.match(
      /^8:38 destination "gxit": limits.user_concurrent_jobs and jobs.limits\[0\] both set destination_user_concurrent_jobs; keep one/,
    );
  });

  it("recognizes the wall-clock options of the common schedulers", () => {
    for (const spec of ["--time=08:00:00", "-p gxit --time 8:00:00", "-t 480", "-l walltime=24:00:00,ncpus=4", "-l h_rt=3600", "+MaxRuntime = 3600"]) expect(setsWalltime(spec), spec).to.equal(true);
    for (const spec of ["", "--partition=gxit", "--ntasks=1 --mem=4G", "--test-only"]) expect(setsWalltime(spec), spec).to.equal(false);
  });
});
