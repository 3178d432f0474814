// Runs a Pulumi Node.js program for `retail-ai preview`, as the CLI's Node.js language host runs it.
//
// Started by path with the machine's `node` (and the project's `nodeargs`), this script runs the project's own
// `@pulumi/pulumi/cmd/run` (resolved from the program's folder, as the language host resolves it) with the
// language host's flags, so the program's TypeScript is compiled, its config read and its stack run by the
// SDK the project installed. It uses nothing but Node.js itself and that SDK.
//
// What it adds, as the preview's start protocol asks (see program_process.py):
//
// * --addresses-fd N: the monitor and engine addresses, read as one line ("<monitor> <engine>") from that file
//   descriptor after the SDK's entry point is located and its first modules loaded, so node starts while the
//   preview is still starting its services. An empty read (the preview stopped first) ends it.
// * --status-fd N: one JSON line per event there, never on the program's stdout: "start"; "no-sdk" when the
//   project has no @pulumi/pulumi; "error" for the program's first uncaught exception or unhandled rejection,
//   with the program's own file and line (of the TypeScript source, through the source maps the SDK
//   registers); "exit" when the program called process.exit or ended before its stack completed; "done" only
//   when the SDK's run of the stack resolved, nothing was left uncaught and node exits with code 0.
//
// Only observed, never replaced: the `run` function the run entry point calls (to know that the stack's run
// resolved) and `process.exit` (to know who called it). The SDK then behaves exactly as under the CLI.
"use strict";

const fs = require("fs");
const path = require("path");
const url = require("url");

const RUN_ENTRY = "@pulumi/pulumi/cmd/run";

function parseArgs(argv) {
    const ours = { statusFd: undefined, addressesFd: undefined, programDir: process.cwd() };
    let i = 0;
    for (; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            i++;
            break;
        } else if (arg === "--status-fd") {
            ours.statusFd = Number(argv[++i]);
        } else if (arg === "--addresses-fd") {
            ours.addressesFd = Number(argv[++i]);
        } else if (arg === "--program-dir") {
            ours.programDir = argv[++i];
        }
    }
    return { ours, runArgs: argv.slice(i) };
}

const { ours, runArgs } = parseArgs(process.argv.slice(2));
const programDir = fs.realpathSync(ours.programDir);

function send(event) {
    if (ours.statusFd === undefined) {
        return;
    }
    try {
        fs.writeSync(ours.statusFd, JSON.stringify(event) + "\n");
    } catch (err) {
        // The preview has stopped reading: it is ending this process anyway.
    }
}

// --------------------------------------------------------------------- the program's own file and line

function framePath(location) {
    if (location.startsWith("file://")) {
        try {
            return url.fileURLToPath(location);
        } catch (err) {
            return undefined;
        }
    }
    return path.isAbsolute(location) ? location : undefined;
}

function ownFile(file) {
    let real;
    try {
        real = fs.realpathSync(file);
    } catch (err) {
        real = path.resolve(file);
    }
    const relative = path.relative(programDir, real);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
        return undefined;
    }
    return relative.split(path.sep).includes("node_modules") ? undefined : relative;
}

// "    at fn (/dir/index.ts:12:7)", "    at /dir/index.ts:12:7", "    at async fn (file:///dir/index.mjs:3:1)"
const FRAME = /^\s*at (?:.*?\()?((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?\s*$/;
// A TypeScript diagnostic, as ts-node reports it: "index.ts(12,7): error TS2322: ..." (or "index.ts (12,7)")
const DIAGNOSTIC = /(^|\n)\s*([^\s()][^()\n]*?\.[cm]?tsx?)\s?\((\d+),\d+\): /;
// A script that does not parse: the first line of its stack is "/dir/index.js:3"
const PARSE_SITE = /^((?:file:\/\/)?\/[^\n]*?):(\d+)\n/;

function programFrame(stack) {
    for (const line of String(stack || "").split("\n")) {
        const match = FRAME.exec(line);
        if (!match) {
            continue;
        }
        const file = framePath(match[1]);
        const own = file && ownFile(file);
        if (own) {
            return { file: own, line: Number(match[2]) };
        }
    }
    return undefined;
}

function errorSite(err) {
    const stack = err && typeof err === "object" ? String(err.stack || "") : "";
    const message = err && typeof err === "object" ? String(err.message || "") : "";
    if (err && err.name === "TSError") {
        const match = DIAGNOSTIC.exec(message) || DIAGNOSTIC.exec(String(err.diagnosticText || ""));
        if (match) {
            const own = ownFile(path.resolve(programDir, match[2]));
            if (own) {
                return { file: own, line: Number(match[3]) };
            }
        }
    }
    if (err instanceof SyntaxError) {
        const match = PARSE_SITE.exec(stack);
        const file = match && framePath(match[1]);
        const own = file && ownFile(file);
        if (own) {
            return { file: own, line: Number(match[2]) };
        }
    }
    return programFrame(stack);
}

function errorType(err) {
    if (err && typeof err === "object") {
        if (err.__pulumiRunError === true) {
            return "RunError";
        }
        if (typeof err.name === "string" && err.name) {
            return err.name;
        }
        if (err.constructor && err.constructor.name) {
            return err.constructor.name;
        }
    }
    return typeof err;
}

function errorMessage(err) {
    if (err && typeof err === "object" && "message" in err) {
        return String(err.message).trim();
    }
    return String(err);
}

// --------------------------------------------------------------------- how the program ends

let firstError;
let exitCall;
let stackRan = false;

function uncaught(err) {
    if (firstError !== undefined) {
        return;
    }
    firstError = err;
    const site = errorSite(err) || {};
    send({
        event: "error",
        type: errorType(err),
        message: errorMessage(err),
        file: site.file || "",
        line: site.line || 0,
    });
}

process.on("uncaughtException", uncaught);
process.on("unhandledRejection", uncaught);

const realExit = process.exit;
process.exit = function exit(code) {
    if (exitCall === undefined) {
        const site = programFrame(new Error().stack) || {};
        const given = code === undefined ? process.exitCode : code;
        exitCall = { code: Number(given || 0), file: site.file || "", line: site.line || 0 };
    }
    return realExit.apply(process, arguments);
};

process.on("exit", (code) => {
    if (stackRan) {
        return; // the listener registered once the run resolved decides
    }
    if (exitCall !== undefined) {
        send({ event: "exit", call: "process.exit", ...exitCall });
    } else if (firstError === undefined) {
        send({ event: "exit", code: Number(process.exitCode || code || 0), call: "" });
    }
});

function whenTheStackRan() {
    stackRan = true;
    // Registered now, after the SDK's own exit listeners (which set the exit code for errors it reported and
    // for promises left running), so it sees the code node ends with.
    process.on("exit", (code) => {
        const final = Number(process.exitCode === undefined ? code : process.exitCode);
        if (exitCall !== undefined) {
            send({ event: "exit", call: "process.exit", ...exitCall });
        } else if (firstError === undefined && final === 0) {
            send({ event: "done" });
        }
    });
}

// --------------------------------------------------------------------- start

let runEntry;
try {
    runEntry = require.resolve(RUN_ENTRY, { paths: [programDir] });
} catch (err) {
    send({
        event: "no-sdk",
        interpreter: process.execPath,
        message: `Cannot find module '${RUN_ENTRY}' from ${programDir}`,
    });
    realExit.call(process, 1);
}
const runDir = path.dirname(runEntry);
const sdkDir = path.resolve(runDir, "..", "..");
let sdkVersion = "";
try {
    sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")).version || "";
} catch (err) {
    // reported as unknown
}

// What the run entry point loads before it reads its flags: loading it here overlaps with the preview
// starting its services. (The SDK's own modules must wait: they read the addresses from the environment.)
for (const early of ["./instrumentation", "../../log", "../../runtime/settings"]) {
    try {
        require(path.resolve(runDir, early));
    } catch (err) {
        // The run entry point loads them itself and reports what fails.
    }
}

function readAddresses(fd) {
    const chunks = [];
    const buffer = Buffer.alloc(256);
    for (;;) {
        let count;
        try {
            count = fs.readSync(fd, buffer, 0, buffer.length, null);
        } catch (err) {
            if (err.code === "EAGAIN") {
                continue;
            }
            return [];
        }
        if (count === 0) {
            break;
        }
        chunks.push(Buffer.from(buffer.subarray(0, count)));
        if (buffer.subarray(0, count).includes(10)) {
            break;
        }
    }
    fs.closeSync(fd);
    return Buffer.concat(chunks).toString("utf8").split("\n")[0].trim().split(/\s+/).filter(Boolean);
}

let monitor = "";
let engine = "";
if (ours.addressesFd !== undefined) {
    const given = readAddresses(ours.addressesFd);
    if (given.length !== 2) {
        realExit.call(process, 1); // the preview stopped before its services were up, and says why itself
    }
    [monitor, engine] = given;
}

send({ event: "start", interpreter: process.execPath, node: process.version, pulumi: sdkVersion, runEntry });

// The flags the language host passes, with the addresses this run was given.
process.argv = [process.argv[0], runEntry, "--monitor", monitor, "--engine", engine, ...runArgs];
require(runEntry);
// The entry point has read its flags and will call run() once its hooks are ready; wrap run() before then.
const runModule = require(path.join(runDir, "run.js"));
const run = runModule.run;
if (typeof run !== "function") {
    uncaught(new Error(`${RUN_ENTRY} ${sdkVersion} has no run function the preview can watch`));
    realExit.call(process, 1);
}
runModule.run = function watchedRun() {
    const running = run.apply(this, arguments);
    Promise.resolve(running).then(whenTheStackRan, () => undefined);
    return running;
};
