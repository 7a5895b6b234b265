// The rule registry: every rule module, sorted by id. Adding a rule is one
// import here (and its docs page: npm run docs:rules).
import type { Rule } from "../types.js";
import ansibleMinVersion from "./ansible-min-version.js";
import configConflict from "./config-conflict.js";
import configLoadFailure from "./config-load-failure.js";
import configReference from "./config-reference.js";
import configSchema from "./config-schema.js";
import gxitConfigDisabled from "./gxit-disabled.js";
import jobconfMalformed from "./jobconf-malformed.js";
import jobhostGetIpMethod from "./jobhost-get-ip-method.js";
import jobhostMonitorCommand from "./jobhost-monitor-command.js";
import jobhostUserLimit from "./jobhost-user-limit.js";
import jobhostWalltime from "./jobhost-walltime.js";
import nginxPlainUpstream from "./nginx-plain-upstream.js";
import varsStringBool from "./vars-string-bool.js";
import varsUnknown from "./vars-unknown.js";
import containerMonitorOff from "./container-monitor-off.js";
import containerNoRm from "./container-no-rm.js";
import containerNotRequired from "./container-not-required.js";
import dockerMemoryNoop from "./docker-memory-noop.js";
import dockerSudo from "./docker-sudo.js";
import dockerUsersUnverified from "./docker-users-unverified.js";
import dockerUsers from "./docker-users.js";
import lintBadDirective from "./lint-bad-directive.js";
import lintNoReason from "./lint-no-reason.js";
import lintUnknownRule from "./lint-unknown-rule.js";
import lintUnsuppressible from "./lint-unsuppressible.js";
import lintUnusedSuppression from "./lint-unused-suppression.js";
import netHost from "./net-host.js";
import netImplicitBridge from "./net-implicit-bridge.js";
import proxyMapMismatch from "./proxy-map-mismatch.js";
import proxyMapUnreachable from "./proxy-map-unreachable.js";
import proxyMapSharedDb from "./proxy-map-shared-db.js";
import proxyPathBased from "./proxy-path-based.js";
import proxyServerName from "./proxy-server-name.js";
import proxySqliteShared from "./proxy-sqlite-shared.js";
import proxyUpstreamFalse from "./proxy-upstream-false.js";
import proxyUpstreamPort from "./proxy-upstream-port.js";
import pulsarAmqpTls from "./pulsar-amqp-tls.js";
import pulsarAmqpUrl from "./pulsar-amqp-url.js";
import pulsarCallback from "./pulsar-callback.js";
import pulsarInfrastructureUrlTls from "./pulsar-infrastructure-url-tls.js";
import pulsarInfrastructureUrl from "./pulsar-infrastructure-url.js";
import pulsarMqJobsDirectory from "./pulsar-mq-jobs-directory.js";
import pulsarQueuedPython from "./pulsar-queued-python.js";
import pulsarRestUrl from "./pulsar-rest-url.js";
import pulsarToken from "./pulsar-token.js";
import routingNotDocker from "./routing-not-docker.js";
import routingUnknownDestination from "./routing-unknown-destination.js";
import routingUnroutedGxit from "./routing-unrouted-gxit.js";
import runArgsMounts from "./run-args-mounts.js";
import runArgsPrivileged from "./run-args-privileged.js";
import runArgsSyntax from "./run-args-syntax.js";
import secretsContainerEnv from "./secrets-container-env.js";
import secretsPlainText from "./secrets-plain-text.js";
import tlsCertbotExpand from "./tls-certbot-expand.js";
import tlsDnsChallenge from "./tls-dns-challenge.js";
import tlsExternalCert from "./tls-external-cert.js";
import tlsHostName from "./tls-host-name.js";
import tlsRequestsCa from "./tls-requests-ca.js";
import tlsStaleWildcard from "./tls-stale-wildcard.js";
import tlsWildcard from "./tls-wildcard.js";
import userImageDefault from "./user-image-default.js";
import userRoot from "./user-root.js";
import volumesDatasetsReadable from "./volumes-datasets-readable.js";
import volumesDatasetsRw from "./volumes-datasets-rw.js";
import volumesDockerSocket from "./volumes-docker-socket.js";
import volumesGalaxyRw from "./volumes-galaxy-rw.js";
import volumesInvalid from "./volumes-invalid.js";
import volumesNoMode from "./volumes-no-mode.js";
import versionRemovedOption from "./version-removed-option.js";
import versionTarget from "./version-target.js";
import versionWildcard from "./version-wildcard.js";
import volumesOtwdDestinationOnly from "./volumes-otwd-destination-only.js";
import volumesSharedTmp from "./volumes-shared-tmp.js";

export const allRules: readonly Rule[] = [
  ansibleMinVersion,
  configConflict,
  configLoadFailure,
  configReference,
  configSchema,
  containerMonitorOff,
  containerNoRm,
  containerNotRequired,
  dockerMemoryNoop,
  dockerSudo,
  dockerUsers,
  dockerUsersUnverified,
  lintBadDirective,
  lintNoReason,
  lintUnknownRule,
  lintUnsuppressible,
  lintUnusedSuppression,
  netHost,
  netImplicitBridge,
  proxyMapMismatch,
  proxyMapSharedDb,
  proxyMapUnreachable,
  proxyPathBased,
  proxyServerName,
  proxySqliteShared,
  proxyUpstreamFalse,
  proxyUpstreamPort,
  pulsarAmqpTls,
  pulsarAmqpUrl,
  pulsarCallback,
  pulsarInfrastructureUrlTls,
  pulsarInfrastructureUrl,
  pulsarMqJobsDirectory,
  pulsarQueuedPython,
  pulsarRestUrl,
  pulsarToken,
  routingNotDocker,
  routingUnknownDestination,
  routingUnroutedGxit,
  runArgsMounts,
  runArgsPrivileged,
  runArgsSyntax,
  secretsContainerEnv,
  secretsPlainText,
  tlsCertbotExpand,
  tlsDnsChallenge,
  tlsExternalCert,
  tlsHostName,
  tlsRequestsCa,
  tlsStaleWildcard,
  tlsWildcard,
  userImageDefault,
  userRoot,
  versionRemovedOption,
  versionTarget,
  versionWildcard,
  volumesDatasetsReadable,
  volumesDatasetsRw,
  volumesDockerSocket,
  volumesGalaxyRw,
  volumesInvalid,
  volumesNoMode,
  volumesOtwdDestinationOnly,
  volumesSharedTmp,
  gxitConfigDisabled,
  jobconfMalformed,
  jobhostGetIpMethod,
  jobhostMonitorCommand,
  jobhostUserLimit,
  jobhostWalltime,
  nginxPlainUpstream,
  varsStringBool,
  varsUnknown,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
