// The normalized deployment model: the validated config with every default
// applied and every derived name (wildcard host, tool conf path, effective
// proxy port...) computed once. Lint rules and emitters read only this.
import type {
  Destination,
  DestinationParams,
  GxitGenConfiguration,
  LimitType,
  RunnerPlugin as Runner,
} from "../schema/config-types.generated.js";
import type { ConfigPath, ConfigSource } from "./source.js";
import type { GalaxyVersion } from "./galaxy-version.js";
import type { Text } from "./text.js";

/** Runner families whose semantics matter for GxIT security. */
export type RunnerKind =
  | "local"
  | "pulsar_embedded"
  | "pulsar_rest"
  | "pulsar_mq"
  | "kubernetes"
  | "cluster"
  | "other";

export interface RunnerModel {
  id: string;
  /** Python `module:Class` Galaxy loads. */
  load: string;
  kind: RunnerKind;
  /** Pulsar runners stage inputs into their own job directory, so `$defaults` never mounts the dataset store. */
  isPulsar: boolean;
  workers?: number;
  /** pulsar_embedded only: where the Pulsar app config lives (defaults to the one gxit-gen installs). */
  pulsarConfig?: Text;
  config: Runner;
  path: ConfigPath;
}

export type Target = "gtn-2020" | "gtn-current";

export interface TpvModel {
  /** The destination interactive tools run on. */
  destinationId: string;
  /** The TPV tools: entry (a regex on tool ids) that matches every interactive tool. */
  toolIdRegex: string;
  requireLogin: boolean;
  /** Where galaxyproject.galaxy installs the TPV file. */
  file: Text;
  tools: Array<{ id: string; cores?: number; mem?: number; walltime?: number; dockerRunExtraArguments?: string }>;
}
export type ProxyRole = "usegalaxy_eu.gie_proxy" | "gxit_proxy" | "gravity";

/** A host of the inventory, and the address the other hosts reach it at. */
export interface HostModel {
  name: string;
  address: string;
  path: ConfigPath;
}

/**
 * Where the proxy replicas run (proxy.replicas): their inventory group and
 * hosts, and how nginx balances over them. Undefined for the single proxy on
 * the Galaxy host that the tutorial sets up.
 */
export interface ProxyReplicasModel {
  group: string;
  /** The replicas, in upstream order; empty when the one replica runs on the Galaxy host (localhost). */
  hosts: HostModel[];
  /** The replicas run on other hosts than Galaxy's (their own group, or hosts listed). */
  remote: boolean;
  keepalive: number;
  maxFails: number;
  failTimeout: string;
  tls: { certificate: Text; key: Text; ca: Text; name: string } | undefined;
  path: ConfigPath;
}

/** The PostgreSQL database of the sessions map (proxy.database). */
export interface MapDatabaseModel {
  /** Inventory group of the PostgreSQL server: the play that creates the database runs there. */
  group: string;
  /** Where Galaxy and the proxies connect; undefined: the local Unix socket in socketDir. */
  host: string | undefined;
  port: number;
  socketDir: string;
  name: string;
  user: string;
  password: { var: string } | undefined;
  /** interactivetoolsproxy_map as Galaxy gets it (SQLAlchemy URL, the password from the vault variable). */
  galaxyUrl: Text;
  /** --sessions as the proxies get it: no password (that comes from an owner-only environment file). */
  proxyUrl: string;
  collectionVersion: string;
  path: ConfigPath;
}

export interface DestinationModel {
  id: string;
  runnerId: string;
  runner: RunnerModel | undefined;
  params: DestinationParams;
  dockerEnv: Record<string, Text>;
  env: Array<{ id: string; value: Text }>;
  dockerEnabled: boolean;
  /** Container resolvers of this environment only (gtn-current). */
  containerResolvers: Array<{ type: string }>;
  /** Galaxy destination tags (hand-written job confs; limits may name a tag). */
  tags: string[];
  /** The wall-clock limit gxit-gen writes into the native specification, where the config sets one. */
  walltime?: { value: string; path: ConfigPath };
  /** What the config says about the job host (undefined: not said). */
  jobHost: { reachableFromProxy?: boolean };
  config: Destination;
  path: ConfigPath;
}

/** Galaxy's limit types (job_conf.sample.yml; environment_* are aliases of destination_*). */
export type JobLimitType = LimitType;

/** One entry of the job conf's limits. */
export interface JobLimitModel {
  type: JobLimitType;
  value: number | string;
  /** destination_* limits: the destination id, or a tag of destinations. */
  id?: string;
  tag?: string;
  window?: number;
  path: ConfigPath;
}

export interface ToolRouteModel {
  id: string;
  destinationId: string;
  destination: DestinationModel | undefined;
  path: ConfigPath;
}

export interface Deployment {
  /** The config file as the user named it. */
  file: string;
  source: ConfigSource;
  /** The validated config with the schema's defaults filled in. */
  config: GxitGenConfiguration;
  target: Target;
  inventoryGroup: string;
  /** The ansible-core version the site runs (config ansible_core). */
  ansibleCore: string;
  galaxy: {
    hostname: Text;
    user: Text;
    infrastructureUrl: Text | undefined;
    configDir: Text;
    jobConfigFile: Text;
    /** tool config files as configured, plus the interactive tool conf gxit-gen installs. */
    toolConfigFiles: Text[];
    /** Where gxit-gen installs tool_conf_interactive.xml. */
    interactiveToolConfFile: Text;
    interactivetoolsEnable: boolean;
    /** Galaxy's interactivetools_map: explicit, or the proxy's sessions path. */
    interactivetoolsMap: Text;
    interactivetoolsMapExplicit: boolean;
    prefix: string;
    /** The release the config declares (galaxy.version), if any. */
    version: GalaxyVersion | undefined;
    entryPointStyle: "legacy" | "ep";
    /** interactivetools_base_path: "/" unless configured. */
    basePath: string;
    /**
     * Where path-based tools live: <base_path><prefix>/ep, the way Gravity
     * computes --proxyPathPrefix. Derived once; galaxy.yml, the proxy and the
     * nginx location all use this value.
     */
    pathPrefix: string;
    /** job_conf.xml installed as a template (gtn-2020), or galaxy_job_config inline (gtn-current). */
    jobConfig: "xml-file" | "inline";
    upstreamProxy: boolean | undefined;
    outputsToWorkingDirectory: boolean | undefined;
    /** The hosts of the Galaxy group that run Galaxy (galaxy.hosts); empty: one host, not named. */
    hosts: HostModel[];
    /** Mount points of network file systems the config names (galaxy.network_filesystems). */
    networkFilesystems: Array<{ path: string; configPath: ConfigPath }>;
  };
  proxy: {
    role: ProxyRole;
    sessionsPath: Text;
    /** The group variable that holds the sessions path (interactivetools_map refers to it). */
    sessionsVar: string;
    /** The port the proxy listens on: configured, or the default (roles 8000, Gravity 4002). */
    port: number;
    portExplicit: boolean;
    /** The Ansible variable that holds the port (gie_proxy_port, or Gravity's galaxy_config path). */
    portVar: string;
    /** --proxyPathPrefix as the proxy gets it; undefined when path-based tools are off. */
    pathPrefix: string | undefined;
    pathPrefixExplicit: boolean;
    /** Several replicas, or replicas on other hosts; undefined: one proxy on the Galaxy host. */
    replicas: ProxyReplicasModel | undefined;
    /** The map in PostgreSQL; undefined: a file (SQLite) or a URL written by hand. */
    database: MapDatabaseModel | undefined;
  };
  /**
   * Path-based interactive tools (entry points with requires_domain="False"):
   * Galaxy links them on its own host under `prefix`, so the proxy must strip
   * it and Galaxy's vhost must forward it. Derived once, here.
   */
  /**
   * Path-based interactive tools (entry points with requires_domain="False"):
   * Galaxy links them on its own host under galaxy.pathPrefix, so the proxy
   * must strip that prefix and Galaxy's vhost must forward it (nginx.pathBased).
   */
  pathBased: {
    /** Tool panel entries known to be path-based. */
    tools: Array<{ file: string; path: ConfigPath }>;
    /** Whether the deployment serves path-based tools: such a tool in the panel, or an explicit proxy prefix. */
    needed: boolean;
  };
  /** Every role requirements.yml pins, with the config node that sets its version. */
  pinnedRoles: Array<{ name: string; version: string; path: ConfigPath }>;
  nginx: {
    vhostName: string;
    serverName: Text;
    /** Where nginx forwards to: configured (a number or a variable), or the proxy's own port as a number. */
    upstreamPort: number | { var: string };
    /** Where the GxIT vhost forwards: a hand-written vhost's proxy_pass targets (an upstream's servers each), or the compiled vhost's proxy or replicas. */
    proxyPass?: Array<{ url: Text; path: ConfigPath }>;
    sslServers: string[];
    /** Emit the path-based location for Galaxy's own vhost. */
    pathBased: boolean;
  };
  certbot: {
    enabled: boolean;
    /** certbot_domains as emitted: configured names plus the GxIT wildcard. */
    domains: Text[];
    dnsProvider: string | undefined;
  };
  /** The wildcard host name Galaxy hands out for domain-based tools (certificate SAN and DNS record). */
  wildcardHost: Text;
  jobs: {
    /** TPV routes the interactive tools (gtn-current); undefined for the static tools: mapping. */
    tpv: TpvModel | undefined;
    workers: number;
    runners: RunnerModel[];
    destinations: DestinationModel[];
    defaultDestination: string;
    tools: ToolRouteModel[];
    /** The job conf's limits: jobs.limits, then each destination's limits. */
    limits: JobLimitModel[];
    /** Structural mistakes in a hand-written job conf (a config cannot have them: the schema rejects them). */
    problems?: Array<{ path: ConfigPath; problem: string }>;
  };
  /** Every tool id the tool panel loads that looks like an interactive tool. */
  interactiveToolFiles: Array<{ file: string; path: ConfigPath }>;
}

/**
 * Galaxy's own interactive tools whose entry point is path-based
 * (`requires_domain="False"` in galaxy tools/interactive/*.xml).
 */
export const PATH_BASED_TOOL_FILES = new Set(["interactivetool_rstudio.xml"]);

/** Role default of gie_proxy_port (usegalaxy_eu.gie_proxy and gxit_proxy). */
export const DEFAULT_PROXY_PORT = 8000;
/** Gravity's default gx_it_proxy.port. */
export const GRAVITY_PROXY_PORT = 4002;
