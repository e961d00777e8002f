import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from "node:fs";

/**
 * One process at a time owns an embedded (PGlite) database folder. PGlite has no lock of its own: a second
 * process opening the same folder reads a stale copy and its writes corrupt the first's. The owner writes
 * `<folder>.owner.json` (its pid, and the socket it takes CLI commands on, when it offers one); a process
 * finding a live owner does not open the folder. A crashed owner's file is taken over (its pid is gone).
 */
export interface EmbeddedOwner {
  pid: number;
  /** A Unix socket the owner runs CLI commands on (`server/cli/owner-socket.ts`); absent: it does not. */
  socket?: string;
}

export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: EmbeddedOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is open in another process (pid ${owner.pid}, e.g. the studio's \`npm run dev\`). ` +
        `Stop that process first, or set DATABASE_URL to use a Postgres server. If no Switchback process is running, delete ${ownerFile(dataDir)}.`,
    );
  }
}

export const ownerFile = (dataDir: string) => `${dataDir}.owner.json`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live owner of `dataDir` other than this process, if any. */
export function liveOwner(dataDir: string): EmbeddedOwner | null {
  let owner: EmbeddedOwner;
  try {
    owner = JSON.parse(readFileSync(ownerFile(dataDir), "utf8")) as EmbeddedOwner;
  } catch (error) {
    // None, or half-written by an owner that crashed while claiming.
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || error instanceof SyntaxError) return null;
    throw error;
  }
  return typeof owner.pid === "number" && owner.pid !== process.pid && alive(owner.pid) ? owner : null;
}

/**
 * Claims `dataDir` for this process, or throws EmbeddedDatabaseInUse. The file is created exclusively, so of
 * two processes starting at once one wins. Returns the release (also run at exit).
 */
export function claimEmbeddedDatabase(dataDir: string): () => void {
  const file = ownerFile(dataDir);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid } satisfies EmbeddedOwner));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = liveOwner(dataDir);
      if (owner) throw new EmbeddedDatabaseInUse(dataDir, owner);
      unlinkSync(file); // a dead owner's (or this process's own, from an open that was closed uncleanly)
    }
  }
  const release = () => {
    process.off("exit", release);
    try {
      const owner = JSON.parse(readFileSync(file, "utf8")) as EmbeddedOwner;
      if (owner.pid === process.pid) unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  };
  process.on("exit", release);
  return release;
}

/** Records, in this process's owner file, the socket it runs CLI commands on. */
export function advertiseCliSocket(dataDir: string, socket: string): void {
  writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, socket } satisfies EmbeddedOwner), { mode: 0o600 });
}
