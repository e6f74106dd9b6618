/**
 * Runs one WASI (preview1) program with its files in memory: arguments, a clock, stdout and
 * stderr captured, and one preopened folder whose files live in a map. It implements only what
 * a simple command-line program (flite) imports.
 *
 * Why not `node:wasi`: its fast-API calls allocate and can start a garbage collection inside
 * the call, which crashes the whole process (Node 22 still does). Nothing here touches the
 * disk either, so there is no temporary folder to clean up.
 */

/** What a run left behind. */
export interface WasiRun {
  exitCode: number;
  /** Files written in the preopened folder, by name. */
  files: Map<string, Uint8Array>;
  stdout: string;
  stderr: string;
}

/** The program's arguments (the first is its name) and the folder it may write in. */
export interface WasiRunOptions {
  args: readonly string[];
  /** Absolute guest path of the one preopened folder, e.g. `/out`. */
  folder: string;
  /** Nanoseconds since the epoch, for `clock_time_get`. */
  now?: () => bigint;
}

const ERRNO = { success: 0, badf: 8, exist: 20, inval: 28, noent: 44, nosys: 52, spipe: 70 };
const FILETYPE = { characterDevice: 2, directory: 3, regularFile: 4 };
const OFLAGS = { creat: 1, directory: 2, excl: 4, trunc: 8 };
const FDFLAG_APPEND = 1;
const STDIO = 3;
const FOLDER_FD = 3;
const ALL_RIGHTS = 0xffff_ffff_ffff_ffffn;

/** `proc_exit`: unwinds the program with its code. */
class ProgramExit {
  constructor(readonly code: number) {}
}

/** A growable in-memory file and the position of one open descriptor on it. */
class MemoryFile {
  bytes = new Uint8Array(4096);
  length = 0;

  write(at: number, data: Uint8Array): void {
    const end = at + data.length;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data, at);
    this.length = Math.max(this.length, end);
  }

  contents(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

interface OpenFile {
  name: string;
  file: MemoryFile;
  position: number;
  append: boolean;
}

/** Runs `module` to completion (synchronously) and returns its exit code, output and files. */
export function runWasiProgram(module: WebAssembly.Module, options: WasiRunOptions): WasiRun {
  const state = new WasiState(options);
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: state.imports() });
  const { memory, _start } = instance.exports as { memory: WebAssembly.Memory; _start: () => void };
  state.memory = memory;
  let exitCode = 0;
  try {
    _start();
  } catch (error) {
    if (!(error instanceof ProgramExit)) throw error;
    exitCode = error.code;
  }
  const files = new Map([...state.files].map(([name, file]) => [name, file.contents()]));
  const text = new TextDecoder();
  return {
    exitCode,
    files,
    stdout: text.decode(state.stdout()),
    stderr: text.decode(state.stderr()),
  };
}

class WasiState {
  memory: WebAssembly.Memory | null = null;
  readonly files = new Map<string, MemoryFile>();
  private readonly open = new Map<number, OpenFile>();
  private readonly output = [new MemoryFile(), new MemoryFile()];
  private nextFd = FOLDER_FD + 1;
  private readonly args: Uint8Array[];
  private readonly folder: Uint8Array;

  constructor(private readonly options: WasiRunOptions) {
    const encoder = new TextEncoder();
    this.args = options.args.map((arg) => encoder.encode(`${arg}\0`));
    this.folder = encoder.encode(options.folder);
  }

  stdout(): Uint8Array {
    return this.output[0]!.contents();
  }

  stderr(): Uint8Array {
    return this.output[1]!.contents();
  }

  /** A fresh view each call: the program may grow its memory at any time. */
  private view(): DataView {
    return new DataView(this.memory!.buffer);
  }

  private bytes(at: number, length: number): Uint8Array {
    return new Uint8Array(this.memory!.buffer, at, length);
  }

  imports(): WebAssembly.ModuleImports {
    return {
      args_sizes_get: (countAt: number, sizeAt: number) => {
        const view = this.view();
        view.setUint32(countAt, this.args.length, true);
        view.setUint32(
          sizeAt,
          this.args.reduce((sum, arg) => sum + arg.length, 0),
          true,
        );
        return ERRNO.success;
      },
      args_get: (pointersAt: number, bufferAt: number) => {
        let at = bufferAt;
        this.args.forEach((arg, index) => {
          this.view().setUint32(pointersAt + index * 4, at, true);
          this.bytes(at, arg.length).set(arg);
          at += arg.length;
        });
        return ERRNO.success;
      },
      clock_time_get: (_id: number, _precision: bigint, timeAt: number) => {
        const now = this.options.now?.() ?? BigInt(Date.now()) * 1_000_000n;
        this.view().setBigUint64(timeAt, now, true);
        return ERRNO.success;
      },
      fd_close: (fd: number) => (this.open.delete(fd) ? ERRNO.success : ERRNO.badf),
      fd_fdstat_get: (fd: number, statAt: number) => this.fdstat(fd, statAt),
      fd_fdstat_set_flags: (fd: number) => (this.known(fd) ? ERRNO.success : ERRNO.badf),
      fd_prestat_get: (fd: number, statAt: number) => {
        if (fd !== FOLDER_FD) return ERRNO.badf;
        const view = this.view();
        view.setUint8(statAt, 0); // a directory
        view.setUint32(statAt + 4, this.folder.length, true);
        return ERRNO.success;
      },
      fd_prestat_dir_name: (fd: number, pathAt: number, length: number) => {
        if (fd !== FOLDER_FD) return ERRNO.badf;
        this.bytes(pathAt, Math.min(length, this.folder.length)).set(
          this.folder.subarray(0, length),
        );
        return ERRNO.success;
      },
      fd_read: (fd: number, iovsAt: number, count: number, readAt: number) =>
        this.read(fd, iovsAt, count, readAt),
      fd_seek: (fd: number, offset: bigint, whence: number, positionAt: number) =>
        this.seek(fd, offset, whence, positionAt),
      fd_write: (fd: number, iovsAt: number, count: number, writtenAt: number) =>
        this.write(fd, iovsAt, count, writtenAt),
      path_open: (
        ...args: [number, number, number, number, number, bigint, bigint, number, number]
      ) => this.pathOpen(...args),
      proc_exit: (code: number) => {
        throw new ProgramExit(code);
      },
    };
  }

  private known(fd: number): boolean {
    return fd < STDIO || fd === FOLDER_FD || this.open.has(fd);
  }

  private fdstat(fd: number, statAt: number): number {
    if (!this.known(fd)) return ERRNO.badf;
    const view = this.view();
    const type =
      fd < STDIO
        ? FILETYPE.characterDevice
        : fd === FOLDER_FD
          ? FILETYPE.directory
          : FILETYPE.regularFile;
    view.setUint8(statAt, type);
    view.setUint16(statAt + 2, this.open.get(fd)?.append ? FDFLAG_APPEND : 0, true);
    view.setBigUint64(statAt + 8, ALL_RIGHTS, true);
    view.setBigUint64(statAt + 16, ALL_RIGHTS, true);
    return ERRNO.success;
  }

  /** Each iovec is a pointer and a length (8 bytes). */
  private iovecs(iovsAt: number, count: number): Uint8Array[] {
    const view = this.view();
    return Array.from({ length: count }, (_, index) =>
      this.bytes(
        view.getUint32(iovsAt + index * 8, true),
        view.getUint32(iovsAt + index * 8 + 4, true),
      ),
    );
  }

  private write(fd: number, iovsAt: number, count: number, writtenAt: number): number {
    const open = this.open.get(fd);
    const target = fd === 1 || fd === 2 ? this.output[fd - 1]! : open?.file;
    if (!target) return ERRNO.badf;
    let written = 0;
    for (const chunk of this.iovecs(iovsAt, count)) {
      const at = open ? (open.append ? target.length : open.position) : target.length;
      target.write(at, chunk);
      if (open) open.position = at + chunk.length;
      written += chunk.length;
    }
    this.view().setUint32(writtenAt, written, true);
    return ERRNO.success;
  }

  private read(fd: number, iovsAt: number, count: number, readAt: number): number {
    const open = this.open.get(fd);
    if (!open && fd !== 0) return ERRNO.badf;
    let read = 0;
    if (open) {
      for (const chunk of this.iovecs(iovsAt, count)) {
        const available = open.file.bytes.subarray(open.position, open.file.length);
        const n = Math.min(chunk.length, available.length);
        chunk.set(available.subarray(0, n));
        open.position += n;
        read += n;
      }
    }
    this.view().setUint32(readAt, read, true);
    return ERRNO.success;
  }

  private seek(fd: number, offset: bigint, whence: number, positionAt: number): number {
    const open = this.open.get(fd);
    if (!open) return this.known(fd) ? ERRNO.spipe : ERRNO.badf;
    const base = [0, open.position, open.file.length][whence];
    if (base === undefined) return ERRNO.inval;
    const position = base + Number(offset);
    if (position < 0) return ERRNO.inval;
    open.position = position;
    this.view().setBigUint64(positionAt, BigInt(position), true);
    return ERRNO.success;
  }

  private pathOpen(
    dirFd: number,
    _lookupFlags: number,
    pathAt: number,
    pathLength: number,
    oflags: number,
    _rightsBase: bigint,
    _rightsInheriting: bigint,
    fdflags: number,
    fdAt: number,
  ): number {
    if (dirFd !== FOLDER_FD) return ERRNO.badf;
    const name = new TextDecoder().decode(this.bytes(pathAt, pathLength)).replace(/^\.?\/+/, '');
    // One flat folder: no subfolders, no way out of it.
    if (name === '' || name.includes('/') || name === '..') return ERRNO.noent;
    if (oflags & OFLAGS.directory) return ERRNO.nosys;
    let file = this.files.get(name);
    if (file && oflags & OFLAGS.excl && oflags & OFLAGS.creat) return ERRNO.exist;
    if (!file) {
      if (!(oflags & OFLAGS.creat)) return ERRNO.noent;
      file = new MemoryFile();
      this.files.set(name, file);
    }
    if (oflags & OFLAGS.trunc) file.length = 0;
    const fd = this.nextFd++;
    this.open.set(fd, { name, file, position: 0, append: (fdflags & FDFLAG_APPEND) !== 0 });
    this.view().setUint32(fdAt, fd, true);
    return ERRNO.success;
  }
}
