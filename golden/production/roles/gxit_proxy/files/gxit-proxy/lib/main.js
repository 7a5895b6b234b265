#!/usr/bin/env node
// gxit-proxy: Galaxy Interactive Tools proxy, a drop-in replacement for
// @galaxyproject/gx-it-proxy. This module only wires the pieces together;
// it imports nothing from the gxit-gen compiler (it is packaged alone).
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Logger } from "./log.js";
import { HELP, parseOptions } from "./options.js";
import { ProxyServer } from "./server.js";
import { openSessionsMap } from "./sessions-map.js";
import { proxyVersion } from "./version.js";
/** Starts the proxy; resolves once it listens. Used by tests and by main(). */
export async function startProxy(argv, log) {
    const parsed = parseOptions(argv);
    if (parsed.kind !== "run")
        throw new Error(parsed.kind === "error" ? parsed.message : parsed.kind);
    const options = parsed.options;
    const logger = log ?? new Logger(options.verbose, options.logFormat);
    const version = proxyVersion();
    let map;
    if (options.sessions !== undefined) {
        map = await openSessionsMap(options.sessions, logger, { pollMs: options.pollingInterval, createTrigger: options.createTrigger });
        await map.start();
    }
    else {
        logger.warn("header routing enabled: any client that reaches this port chooses the backend via x-interactive-tool-host/-port", {
            mode: "headers",
        });
    }
    let server;
    let address;
    try {
        // Reads the TLS files, if any: a missing one stops the start like a busy port.
        server = new ProxyServer({ options, log: logger, map, version });
        address = await server.listen();
    }
    catch (e) {
        await map?.stop();
        throw e;
    }
    logger.info(`Listening on ${options.ip}:${address.port}`, {
        version,
        tls: options.tlsCert !== undefined ? true : undefined,
        path_prefix: options.proxyPathPrefix ?? null,
        forward: options.forwardIP !== undefined || options.forwardPort !== undefined ? `${options.forwardIP ?? "localhost"}:${options.forwardPort ?? 80}` : undefined,
        sessions: map ? map.table.size : undefined,
    });
    return {
        server,
        map,
        port: address.port,
        async stop() {
            await server.shutdown(options.drainTimeout);
            await map?.stop();
        },
    };
}
export async function main(argv) {
    const parsed = parseOptions(argv);
    if (parsed.kind === "help") {
        process.stdout.write(HELP);
        return;
    }
    if (parsed.kind === "version") {
        process.stdout.write(proxyVersion() + "\n");
        return;
    }
    if (parsed.kind === "error") {
        process.stderr.write(`gxit-proxy: ${parsed.message}\n`);
        process.exitCode = 2;
        return;
    }
    const options = parsed.options;
    const log = new Logger(options.verbose, options.logFormat);
    // Handlers first: a signal that arrives while starting is acted on once started.
    let running;
    let stopRequested;
    let stopping = false;
    const stop = (signal) => {
        if (running === undefined) {
            stopRequested ??= signal;
            return;
        }
        if (stopping) {
            log.warn(`${signal} again: exiting without waiting`);
            process.exit(0);
        }
        stopping = true;
        log.info(`${signal} received: draining`, { inflight: running.server.inflightRequests, drain_timeout_ms: options.drainTimeout });
        running.stop().then(() => {
            log.info("stopped");
            process.exit(0);
        }, (e) => {
            log.error("error while stopping", { error: String(e) });
            process.exit(0);
        });
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGHUP", () => {
        if (running?.map) {
            log.info("SIGHUP received: reloading sessions map");
            running.map.reload();
        }
        else
            log.info("SIGHUP received: no sessions map to reload");
    });
    try {
        running = await startProxy(argv, log);
    }
    catch (e) {
        const err = e;
        log.error(`cannot start: ${err.message}`, { code: err.code });
        process.stderr.write(`gxit-proxy: cannot start: ${err.message}\n`);
        process.exit(1);
    }
    if (stopRequested !== undefined)
        stop(stopRequested);
    process.on("uncaughtException", (e) => {
        // Keep serving: one bad connection must not take down every session.
        log.error("uncaught exception", { error: e.stack?.split("\n").slice(0, 3).join(" | ") ?? String(e) });
    });
}
function isMain() {
    const entry = process.argv[1];
    if (!entry)
        return false;
    try {
        return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
    }
    catch {
        return false;
    }
}
if (isMain()) {
    void main(process.argv.slice(2));
}
